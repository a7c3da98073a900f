using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Quantization;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;
using static ZImageSweep.Engine.Tests.Offloading.TinyOffloadingModel;

namespace ZImageSweep.Engine.Tests.Offloading;

/// <summary>
/// A base loaded via host (blocks built in host memory, prepared on the device one at a time) is the base built on the
/// device and then quantized and offloaded whole: bit-identical forward outputs and LoRA gradients, identical float8
/// codes and scales, each block resident or offloaded as the plan says; and undoing it block by block leaves the
/// weights that undoing the whole-model path leaves. On the CPU host and device are one device, so these tests pin the
/// numerics and the bookkeeping; <see cref="BaseLoadPlanTests"/> pins what goes where.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class TransformerHostLoadTests
{
    public TransformerHostLoadTests() => LibTorchLoader.EnsureLoaded();

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, 0.0)]
    [InlineData(false, 0.5)]
    [InlineData(false, 1.0)]
    [InlineData(true, 0.0)]
    [InlineData(true, 0.5)]
    [InlineData(true, 1.0)]
    public void PreparedViaHost_EqualsTheBasePreparedWholeOnTheDevice(bool float8, double? share)
    {
        using var reference = Frozen();
        reference.GradientCheckpointing = true;
        Float8Weights? referenceFloat8 = float8 ? Float8Weights.Apply(reference) : null;
        LayerOffloading? referenceOffloading = share is double s ? TransformerOffloading.Attach(reference, s, referenceFloat8, ComputeStreamCopies.Instance) : null;
        using var referenceLora = TrainableLora(reference);

        using var host = Frozen(blockDevice: CPU);
        host.GradientCheckpointing = true;
        BaseLoadPlan plan = BaseLoadPlan.For(host.BlockCount, float8, share);
        HostLoadedBase prepared = TransformerHostLoad.Prepare(host, plan, copies: ComputeStreamCopies.Instance);
        using var lora = TrainableLora(host);

        Assert.Equal(float8, prepared.Quantized is not null);
        Assert.Equal(share is not null, prepared.Offloading is not null);
        Assert.Equal(plan.Offloaded, Blocks(host).Select(b => prepared.Offloading?.IsOffloaded(b) ?? false));
        AssertBitIdentical(Step(reference, referenceLora), Step(host, lora));
        if (float8) AssertSameCodes(reference, referenceFloat8!, referenceOffloading, host, prepared);

        // Undone: the whole-model path restores everything at once, the host path block by block, to the same weights.
        referenceOffloading?.Dispose();
        referenceFloat8?.Dispose();
        prepared.Dispose();
        Assert.Null(host.Offloading);
        var expected = reference.state_dict();
        var actual = host.state_dict();
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, value) in expected) Assert.True(Identical(value, actual[key]), $"{key} differs after the base is undone");
    }

    /// <summary>Each quantized layer's codes and scales, read while its block is in place (an offloaded block is brought in for it).</summary>
    static void AssertSameCodes(ZImageTransformer2DModel reference, Float8Weights referenceFloat8, LayerOffloading? referenceOffloading,
        ZImageTransformer2DModel host, HostLoadedBase prepared)
    {
        Assert.Equal(referenceFloat8.LayerCount, prepared.Quantized!.LayerCount);
        foreach (var (expectedBlock, actualBlock) in Blocks(reference).Zip(Blocks(host)))
        {
            using var expectedIn = referenceOffloading?.Use(expectedBlock, BlockPass.Forward);
            using var actualIn = prepared.Offloading?.Use(actualBlock, BlockPass.Forward);
            foreach (var (expected, actual) in expectedBlock.modules().OfType<Linear>().Zip(actualBlock.modules().OfType<Linear>()))
            {
                var expectedTensors = referenceFloat8.FrozenTensorsOf(expected)!;
                var actualTensors = prepared.Quantized.FrozenTensorsOf(actual)!;
                foreach (var (e, a) in expectedTensors.Zip(actualTensors))
                {
                    Assert.True(e.Read().numel() > 0, $"float8 {e.Name} not in place");
                    Assert.True(Identical(e.Read(), a.Read()), $"float8 {e.Name} differ");
                }
            }
        }
    }

    [Fact]
    public void TheMerge_SeesEveryLayerOnce_BeforeItIsQuantized()
    {
        using var host = Frozen(blockDevice: CPU);
        var seen = new List<Linear>();
        using HostLoadedBase prepared = TransformerHostLoad.Prepare(host, BaseLoadPlan.For(host.BlockCount, float8: true, offloadShare: 0.5),
            within =>
            {
                Assert.All(within, linear => Assert.True(linear.weight!.numel() > 0, "a layer reached the merge after quantisation"));
                seen.AddRange(within);
            }, ComputeStreamCopies.Instance);

        var all = host.modules().OfType<Linear>().ToList();
        Assert.Equal(all.Count, seen.Count);
        Assert.Equal(all.ToHashSet(ReferenceEqualityComparer.Instance), seen.ToHashSet(ReferenceEqualityComparer.Instance));
        Assert.True(prepared.Quantized!.LayerCount > 0);
    }

    [Fact]
    public void APlanWithoutFloat8OrOffloading_IsNotPreparedViaHost()
    {
        using var model = Frozen();

        Assert.Throws<ArgumentException>(() => TransformerHostLoad.Prepare(model, BaseLoadPlan.For(model.BlockCount, float8: false, offloadShare: null)));
    }

    [Fact]
    public void Float8_RefusesALayerNotYetOnItsDevice()
    {
        using var model = new ZImageTransformer2DModel(ZImageConfig.Tiny, blockDevice: new Device(DeviceType.META)); // blocks not loaded
        using var float8 = Float8Weights.ForParts(model, CPU);

        Assert.Throws<InvalidOperationException>(() => float8.QuantizeWithin(model.BlockStacks[0][0]));
    }
}
