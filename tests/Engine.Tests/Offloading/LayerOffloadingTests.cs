using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Quantization;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;
using static ZImageSweep.Engine.Tests.Offloading.TinyOffloadingModel;

namespace ZImageSweep.Engine.Tests.Offloading;

/// <summary>
/// Layer offloading changes where the frozen weights wait, never what is computed: forward outputs and LoRA gradients
/// are bit-identical with and without it (copies are exact), with and without gradient checkpointing, on a bf16-style
/// plain base and on the float8 base. The reference is the same model before offloading is attached.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class LayerOffloadingTests
{
    public LayerOffloadingTests() => LibTorchLoader.EnsureLoaded();

    /// <summary>The tiny frozen base, float8 when asked, with a LoRA.</summary>
    static (ZImageTransformer2DModel Model, LoraNetwork Lora, Float8Weights? Float8) Frozen(bool checkpointing, bool float8)
    {
        var model = TinyOffloadingModel.Frozen();
        Float8Weights? quantized = float8 ? Float8Weights.Apply(model) : null;
        var lora = TrainableLora(model);
        model.GradientCheckpointing = checkpointing;
        return (model, lora, quantized);
    }

    [Theory]
    [InlineData(false, false, 1.0)]
    [InlineData(true, false, 1.0)]
    [InlineData(true, false, 0.5)]
    [InlineData(false, true, 1.0)]
    [InlineData(true, true, 1.0)]
    [InlineData(true, true, 0.5)]
    public void Offloaded_IsBitIdenticalToResident(bool checkpointing, bool float8, double share)
    {
        foreach (IBlockCopyStream copies in new IBlockCopyStream[] { ComputeStreamCopies.Instance, new PrefetchingCopies() })
            AssertOffloadedIsBitIdentical(checkpointing, float8, share, copies);
    }

    static void AssertOffloadedIsBitIdentical(bool checkpointing, bool float8, double share, IBlockCopyStream copies)
    {
        var (model, lora, quantized) = Frozen(checkpointing, float8);
        using (model)
        using (lora)
        using (quantized)
        {
            var resident = Step(model, lora);
            using var offloading = TransformerOffloading.Attach(model, share, quantized, copies);
            Assert.Equal((int)Math.Floor(Blocks(model).Count * share), offloading.OffloadedCount);

            AssertBitIdentical(resident, Step(model, lora));
            AssertBitIdentical(resident, Step(model, lora)); // and again: the weights went back to the host intact
        }
    }

    [Fact]
    public void OffloadedBlock_HoldsItsWeightsOnlyWhileItComputes_InForwardAndInTheRecomputation()
    {
        var (model, lora, _) = Frozen(checkpointing: true, float8: false);
        using (model)
        using (lora)
        {
            long frozenBytes = Blocks(model).SelectMany(b => b.modules().OfType<Linear>())
                .Sum(l => (l.weight!.numel() + (l.bias?.numel() ?? 0)) * l.weight.element_size());
            using var offloading = TransformerOffloading.Attach(model, 1.0, quantized: null);
            Linear probe = Blocks(model)[^1].modules().OfType<Linear>().First();
            var seen = new List<long>();
            probe.register_forward_pre_hook((_, input) => { seen.Add(probe.weight!.numel()); return input; });

            Assert.Equal(frozenBytes, offloading.HostBytes);
            Assert.Equal(0, probe.weight!.numel()); // between calls: an empty placeholder
            Step(model, lora);

            // Called twice (checkpointed forward, recomputation in backward), each time with its whole weight.
            Assert.Equal(2, seen.Count);
            Assert.All(seen, n => Assert.Equal(probe.in_features * probe.out_features, n));
            Assert.Equal(0, probe.weight!.numel());
        }
    }

    [Fact]
    public void WithAnOverlappingStream_TheNextBlockOfThePassIsPrefetched_AndEveryCopyIsJoinedOnce()
    {
        var (model, lora, _) = Frozen(checkpointing: true, float8: false);
        using (model)
        using (lora)
        {
            var copies = new PrefetchingCopies();
            using var offloading = TransformerOffloading.Attach(model, 1.0, quantized: null, copies);
            var layers = model.BlockStacks[^1]; // the 3 main layers: forward 0 → 2, recomputation 2 → 0
            Linear probe = layers[1].modules().OfType<Linear>().First();
            var placed = new List<(bool Before, bool After)>();
            probe.register_forward_pre_hook((_, input) => { placed.Add((offloading.IsPlaced(layers[0]), offloading.IsPlaced(layers[2]))); return input; });

            Step(model, lora);

            // Forward: layer 0 already sent back, layer 2 on its way. Recomputation: layer 2 sent back, layer 0 on its way.
            Assert.Equal([(false, true), (true, false)], placed);
            Assert.Equal(copies.Issued, copies.Joined);
            Assert.Equal(copies.Issued, copies.Disposed);
            // Every block once per forward, and the 3 main layers again for their recomputation.
            Assert.Equal(Blocks(model).Count + layers.Count, copies.Issued);
            Assert.All(Blocks(model), block => Assert.False(offloading.IsPlaced(block)));
        }
    }

    [Fact]
    public void Discard_FreesTheHostCopies_WithoutBringingTheWeightsBack()
    {
        var (model, lora, _) = Frozen(checkpointing: false, float8: false);
        using (model)
        using (lora)
        {
            var offloading = TransformerOffloading.Attach(model, 1.0, quantized: null);
            Assert.NotEqual(0, offloading.HostBytes);

            offloading.Discard();

            Assert.Equal((0, 0L), (offloading.BlockCount, offloading.HostBytes));
            // Dispose would have put every weight back on the device; Discard leaves the empty placeholders for the model's own disposal.
            Assert.All(Blocks(model).SelectMany(b => b.modules().OfType<Linear>()), l => Assert.Equal(0, l.weight!.numel()));
        }
    }

    [Fact]
    public void Dispose_PutsTheExactWeightsBack()
    {
        var (model, lora, _) = Frozen(checkpointing: false, float8: false);
        using (model)
        using (lora)
        {
            var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
            TransformerOffloading.Attach(model, 1.0, quantized: null).Dispose();

            var after = model.state_dict();
            Assert.Equal(before.Keys, after.Keys);
            foreach (var (key, value) in before) Assert.True(Identical(value, after[key]), $"{key} changed");
        }
    }

    [Fact]
    public void CheckpointedOffloadedSteps_LeaveNoTensorsBehind()
    {
        var (model, lora, quantized) = Frozen(checkpointing: true, float8: true);
        using (model)
        using (lora)
        using (quantized)
        using (TransformerOffloading.Attach(model, 1.0, quantized))
        {
            long LiveAfterStep()
            {
                using (NewDisposeScope()) Step(model, lora);
                return DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            }
            long afterFirst = LiveAfterStep();
            LiveAfterStep();
            Assert.Equal(afterFirst, LiveAfterStep());
        }
    }

    [Fact]
    public void TrainableWeights_AreRefused()
    {
        using var model = new ZImageTransformer2DModel(ZImageConfig.Tiny);

        Assert.Throws<InvalidOperationException>(() => TransformerOffloading.Attach(model, 1.0, quantized: null));
    }
}
