using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.Qwen3;

/// <summary>The <c>text_encoder</c> cases of the reference manifest: transformers' Qwen3Model in float32 on CPU.</summary>
[Trait(Tier.Name, Tier.Reference)]
public sealed class Qwen3ReferenceTests
{
    public Qwen3ReferenceTests() => LibTorchLoader.EnsureLoaded();

    public static TheoryData<ReferenceCase> Cases => ReferenceCases.OfKind("text_encoder");

    static (Qwen3Config Config, string Weights) Open(ReferenceCase c)
    {
        string weights = Path.Combine(ReferenceCases.Directory, c.Weights!);
        using SafeTensorsFile file = SafeTensorsFile.Open(weights);
        return (Qwen3ConfigReader.FromJson(ReferenceCases.Config(file).GetRawText(), $"{weights} metadata 'config'"), weights);
    }

    [Theory, MemberData(nameof(Cases))]
    public void FullDepth_MatchesHiddenStatesMinus2AndLastHidden(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        var (config, weights) = Open(c);
        using var encoder = Qwen3ForTextEncoding.Load(config, [weights], Qwen3Depth.Full);
        using SafeTensorsFile io = ReferenceCases.Open(c.Io);

        using var _ = no_grad();
        using Qwen3EncoderOutput output = encoder.forward(io.Read("input_ids"), null);
        ReferenceCases.AssertClose($"{c.Name} hidden_minus2", output.HiddenMinus2, io.Read("hidden_minus2"));
        ReferenceCases.AssertClose($"{c.Name} last_hidden", output.LastHidden!, io.Read("last_hidden"));
    }

    [Theory, MemberData(nameof(Cases))]
    public void TruncatedDepth_LoadsTheSameFileAndGivesTheSameHiddenStatesMinus2(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        var (config, weights) = Open(c);
        using var encoder = Qwen3ForTextEncoding.Load(config, [weights], Qwen3Depth.HiddenStatesMinus2);
        Assert.Equal(config.NumHiddenLayers - 1, encoder.model.layers.Count);
        Assert.DoesNotContain(encoder.state_dict().Keys, k => k.StartsWith("model.norm", StringComparison.Ordinal));
        using SafeTensorsFile io = ReferenceCases.Open(c.Io);

        using var _ = no_grad();
        using Qwen3EncoderOutput output = encoder.forward(io.Read("input_ids"), null);
        Assert.Null(output.LastHidden);
        ReferenceCases.AssertClose($"{c.Name} hidden_minus2 (truncated depth)", output.HiddenMinus2, io.Read("hidden_minus2"));
    }

    [Theory, MemberData(nameof(Cases))]
    public void BatchWithRightPadding_GivesEachItemsValidTokensUnchanged(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        var (config, weights) = Open(c);
        using var encoder = Qwen3ForTextEncoding.Load(config, [weights], Qwen3Depth.HiddenStatesMinus2);
        using SafeTensorsFile io = ReferenceCases.Open(c.Io);
        Tensor ids = io.Read("input_ids");                                    // (L)
        long l = ids.shape[0], shortLength = l / 2;
        // Item 0 is the full sequence; item 1 its first half padded on the right with id 0.
        Tensor batch = stack([ids, cat([ids[..(int)shortLength], zeros(l - shortLength, ScalarType.Int64)])]); // (2, L)
        Tensor mask = stack([ones(l, ScalarType.Int64), cat([ones(shortLength, ScalarType.Int64), zeros(l - shortLength, ScalarType.Int64)])]);

        using var _ = no_grad();
        using Qwen3EncoderOutput output = encoder.forward(batch, mask);
        Tensor expected = io.Read("hidden_minus2");                         // (L, D)
        ReferenceCases.AssertClose($"{c.Name} batch item 0", output.HiddenMinus2[0], expected);
        ReferenceCases.AssertClose($"{c.Name} batch item 1 (valid tokens)", output.HiddenMinus2[1][..(int)shortLength], expected[..(int)shortLength]);
        Assert.False(output.HiddenMinus2.isnan().any().item<bool>(), "padded positions must not produce NaN");
    }
}
