using System.Runtime.CompilerServices;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.ZImage;

/// <summary>State-dict keys and shapes equal the reference checkpoints', for the tiny case and the full Turbo size.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ZImageModelStructureTests
{
    public ZImageModelStructureTests() => LibTorchLoader.EnsureLoaded();

    static string Approved(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Approvals", name);

    static string Describe(nn.Module model) =>
        string.Join("\n", model.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key} [{string.Join(", ", kv.Value.shape)}]")) + "\n";

    [Fact]
    public void TinyReferenceModel_HasExactlyTheReferenceWeightsKeysAndShapes()
    {
        using var weights = ReferenceCases.Open("zimage_tiny_a_weights.safetensors");
        var config = ZImageConfig.FromJson(weights.Metadata["config"], weights.Path);
        using var model = new ZImageTransformer2DModel(config, new Device(DeviceType.META));

        var expected = weights.Entries.ToDictionary(e => e.Key, e => e.Shape);
        var actual = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, shape) in expected) Assert.True(shape.SequenceEqual(actual[key]), key);
    }

    [Fact]
    public void TurboOnMetaDevice_Has521TensorsAnd6154908736ParametersWithTheApprovedShapes()
    {
        using var model = new ZImageTransformer2DModel(ZImageConfig.Turbo, new Device(DeviceType.META), ScalarType.BFloat16);

        var stateDict = model.state_dict();
        Assert.Equal(521, stateDict.Count);
        Assert.Equal(6_154_908_736L, model.parameters().Sum(p => p.numel()));
        // The approved file was written from docs/model.md#diffusers-keys (the published checkpoint's keys), not from this model.
        Assert.Equal(File.ReadAllText(Approved("ZImageTurbo.keys.approved.txt")), Describe(model));
    }

    [Fact]
    public void RopeTables_AreNotInTheStateDict()
    {
        using var scope = NewDisposeScope();
        using var model = new ZImageTransformer2DModel(ZImageConfig.Tiny);
        using (no_grad()) model.forward([randn(16, 1, 4, 4)], tensor(new[] { 0.5f }), [randn(3, 16)]); // builds the tables
        Assert.Empty(model.buffers());
        Assert.DoesNotContain(model.state_dict().Keys, k => k.Contains("rope", StringComparison.OrdinalIgnoreCase) || k.Contains("freqs"));
    }

    [Fact]
    public void TinyPreset_RunsAndReturnsOnePredictionPerItemWithItsOwnSize()
    {
        using var scope = NewDisposeScope();
        using var model = new ZImageTransformer2DModel(ZImageConfig.Tiny);
        List<Tensor> outputs;
        using (no_grad())
            outputs = model.forward([randn(16, 1, 4, 6), randn(16, 1, 8, 2)], tensor(new[] { 0.1f, 0.9f }), [randn(5, 16), randn(40, 16)]);
        Assert.Equal([16L, 1, 4, 6], outputs[0].shape);
        Assert.Equal([16L, 1, 8, 2], outputs[1].shape);
        Assert.All(outputs, o => Assert.False(o.isnan().any().item<bool>()));
    }
}
