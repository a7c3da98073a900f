using ZImageSweep.Contracts.Packing;

namespace ZImageSweep.Contracts.Tests.Packing;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ArmMemoryEstimatorTests
{
    const double GiB = 1 << 30;

    /// <summary>
    /// The engine's measured peak allocated GiB (BENCHMARKS.md 2026-12-07 16:20 UTC, H100; the float8 row from the
    /// 2026-11-26 12:04 UTC table): one transformer, one arm, no text encoder or VAE. The estimate is calibrated on
    /// the 1024² and 512² checkpointed rows, the row without checkpointing and the float8 row, so those check that the
    /// constants say what the comments claim; the 768² row was not used and checks the model.
    /// </summary>
    [Theory]
    [InlineData(1024, true, "", 14.14)]
    [InlineData(1024, false, "", 34.08)]
    [InlineData(768, true, "", 13.29)]
    [InlineData(512, true, "", 12.68)]
    [InlineData(1024, true, "quantize: true", 12.19)]
    public void TransformerAndOneArm_MatchTheMeasuredPeakWithin2Percent(int resolution, bool checkpointing, string model, double measuredGiB)
    {
        var e = ArmMemoryEstimator.Estimate(BenchJob.Process(resolution, checkpointing, extraModel: model));

        double estimatedGiB = (e.TransformerBytes + e.WorkspaceBytes + e.PerArmBytes) / GiB;

        Assert.InRange(estimatedGiB, measuredGiB * 0.98, measuredGiB * 1.02);
    }

    [Fact]
    public void WeightsAndLoraState_AreTheBenchsMeasuredSizes()
    {
        var e = ArmMemoryEstimator.Estimate(BenchJob.Process());

        // BENCHMARKS.md 2026-11-26: "11.464 GiB of weights plus 0.158 GiB of LoRA", AdamW moments 0.32 GiB; LoRA state
        // = float32 weights + gradients + two moments = 0.158 · 4.
        Assert.Equal(11.464, e.TransformerBytes / GiB, 0.001);
        Assert.Equal(0.158 * 4, e.LoraStateBytes / GiB, 0.005);
        // docs/model.md "Parameter counts": Qwen3-4B 8.0 GB in bf16; the VAE in float32.
        Assert.Equal(8.04, e.TextEncoderBytes / 1e9, 0.01);
        Assert.Equal(83_819_683L * 4, e.VaeBytes);
    }

    [Fact]
    public void LoraParameters_AreTheBenchsCount_AndFollowRankAndFilters()
    {
        // BENCHMARKS.md 2026-12-07: 42,516,480 LoRA parameters at rank 16 on the 8 × 30 projections (equal to peft's count).
        Assert.Equal(42_516_480, LoraTargetModules.ParameterCount(16, null, null));
        Assert.Equal(42_516_480 / 2, LoraTargetModules.ParameterCount(8, null, null));
        // Attention only: 30 layers × 4 projections × 8 · (3840 + 3840).
        Assert.Equal(30L * 4 * 8 * 7680, LoraTargetModules.ParameterCount(8, ["attention"], null));
        Assert.Equal(0, LoraTargetModules.ParameterCount(8, null, ["layers."]));
    }

    [Fact]
    public void PerArmBytes_GrowWithResolutionAndBatch_AndShrinkWithCheckpointingAnd8BitMoments()
    {
        long At(int resolution, bool checkpointing = true, string train = "", string optimizer = "adamw") =>
            ArmMemoryEstimator.Estimate(BenchJob.Process(resolution, checkpointing, extraTrain: train, optimizer: optimizer)).PerArmBytes;

        Assert.True(At(1024) > At(512));
        Assert.Equal(At(1024), At(512, train: "batch_size: 4")); // 4 × 1,024 image tokens = 4,096
        Assert.True(At(1024, checkpointing: false) > 5 * At(1024));
        Assert.True(At(512, optimizer: "adamw8bit") < At(512));
    }

    [Fact]
    public void Pack_AddsPerArmBytesToOneBase()
    {
        var e = ArmMemoryEstimator.Estimate(BenchJob.Process(512));

        Assert.Equal(e.BaseBytes + 3 * e.PerArmBytes, e.BytesFor(3));
        Assert.Equal(e.TransformerBytes + e.TextEncoderBytes + e.VaeBytes + e.WorkspaceBytes, e.BaseBytes);
    }

    [Fact]
    public void Previews_ReserveTheFloat32DecodeOnce()
    {
        var without = ArmMemoryEstimator.Estimate(BenchJob.Process(512));
        var with = ArmMemoryEstimator.Estimate(BenchJob.Process(512, sample: "sample: { width: 1024, height: 1024, samples: [{ prompt: a photo }] }"));

        // BENCHMARKS.md: VAE decode 1024², fp32: 7.04 GiB allocated, 0.31 GiB of it weights.
        Assert.Equal(6.73, with.WorkspaceBytes / GiB, 0.01);
        Assert.Equal(without.PerArmBytes, with.PerArmBytes);
    }
}
