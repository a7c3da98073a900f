using System.Globalization;
using System.Text.Json;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Models.ZImage;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Lora;

/// <summary>
/// An ai-toolkit Z-Image LoRA, merged into the weights or applied at run time through hooks, matches diffusers + peft
/// with the adapter loaded.
/// </summary>
[Trait(Tier.Name, Tier.Reference)]
public sealed class ZImageLoraReferenceTests
{
    public ZImageLoraReferenceTests() => LibTorchLoader.EnsureLoaded();

    public static TheoryData<ReferenceCase> Cases => ReferenceCases.OfKind("transformer_lora");

    [Theory, MemberData(nameof(Cases))]
    public void MergedLora_MatchesReference(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        using var model = ZImageReference.LoadModel(c);
        using var io = ReferenceCases.Open(c.Io);
        using var lora = ZImageLora.Read(Path.Combine(ReferenceCases.Directory, c.Lora ?? throw new InvalidDataException($"{c.Name}: no lora file")));

        // The io metadata describes the file: check it was read as described.
        double multiplier = double.Parse(io.Metadata["multiplier"], CultureInfo.InvariantCulture);
        long rank = long.Parse(io.Metadata["rank"], CultureInfo.InvariantCulture);
        var modules = JsonSerializer.Deserialize<string[]>(io.Metadata["modules"])!;
        Assert.All(lora.Pairs.Values, p => Assert.Equal(rank, p.Rank));
        Assert.All(lora.Pairs.Values, p => Assert.Equal(1.0, p.Scale));
        Assert.Equal(modules.Order(StringComparer.Ordinal),
            lora.Pairs.Keys.Select(k => string.Join('.', k.Split('.').Skip(2))).Distinct().Order(StringComparer.Ordinal));

        using var merge = LoraMerge.Apply(model, lora, multiplier);
        var (x, t, caps) = ZImageReference.Inputs(io);
        List<Tensor> outputs;
        using (no_grad()) outputs = model.forward(x, t, caps);
        for (int i = 0; i < x.Count; i++)
            ReferenceCases.AssertClose($"{c.Name} out.{i}", outputs[i], io.Read($"out.{i}"));
    }

    [Theory, MemberData(nameof(Cases))]
    public void RuntimeLoraNetwork_MatchesReference(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        using var model = ZImageReference.LoadModel(c);
        using var io = ReferenceCases.Open(c.Io);
        using var lora = ZImageLora.Read(Path.Combine(ReferenceCases.Directory, c.Lora!));
        double multiplier = double.Parse(io.Metadata["multiplier"], CultureInfo.InvariantCulture);

        using var network = LoraNetwork.FromFile(model, lora, multiplier);
        var (x, t, caps) = ZImageReference.Inputs(io);
        List<Tensor> outputs;
        using (no_grad()) outputs = model.forward(x, t, caps);
        for (int i = 0; i < x.Count; i++)
            ReferenceCases.AssertClose($"{c.Name} (runtime hooks) out.{i}", outputs[i], io.Read($"out.{i}"));
    }
}
