using ZImageSweep.Contracts.Packing;

namespace ZImageSweep.Contracts.Tests.Packing;

[Trait(Tier.Name, Tier.Unit)]
public sealed class PackKeyTests
{
    [Fact]
    public void ArmsDifferingOnlyInPerArmSettings_ShareAKey()
    {
        var a = PackKey.Of(BenchJob.Process(512, extraTrain: "lr: 0.0001", extraNetwork: "linear_alpha: 8"));
        var b = PackKey.Of(BenchJob.Process(1024, optimizer: "adamw8bit", extraModel: "assistant_lora_path: /adapters/v2.safetensors", extraNetwork: "network_kwargs: { only_if_contains: [attention] }"));

        Assert.Equal(a, b);
        Assert.Equal(a.ToString(), b.ToString());
        Assert.Null(a.FirstDifference(b));
    }

    [Theory]
    [InlineData("quantize: true", "", "model.quantize")]
    [InlineData("extras_name_or_path: /models/other", "", "model.extras_name_or_path")]
    [InlineData("", "cpu", "device")]
    [InlineData("", "cuda:1", "device")]
    public void ADifferentBase_NamesTheFirstDifferingJobKey(string model, string device, string key)
    {
        var solo = PackKey.Of(BenchJob.Process());
        var other = PackKey.Of(BenchJob.Process(extraModel: model, device: device.Length > 0 ? device : "cuda"));

        Assert.NotEqual(solo.ToString(), other.ToString());
        Assert.Equal(key, solo.FirstDifference(other));
    }

    [Theory]
    [InlineData(false, "", "train.gradient_checkpointing")]
    [InlineData(true, "gradient_accumulation: 2", "train.gradient_accumulation")]
    public void ADifferentStepShape_CannotPack_AsThePackedTrainerRequires(bool checkpointing, string train, string key)
    {
        var solo = PackKey.Of(BenchJob.Process());
        var other = PackKey.Of(BenchJob.Process(checkpointing: checkpointing, extraTrain: train));

        Assert.NotEqual(solo.ToString(), other.ToString());
        Assert.Equal(key, solo.FirstDifference(other));
    }

    [Fact]
    public void DifferentialOutputPreservation_IsNotPackable()
    {
        Assert.True(PackKey.Packable(BenchJob.Process()));
        Assert.False(PackKey.Packable(BenchJob.Process(extraTrain: "diff_output_preservation: true", extraModel: "", trigger: "sks")));
    }

    [Fact]
    public void AStepShapeConflict_NamesTheJobKeyAndBothValues_AndPreservationTrainsAlone()
    {
        var pack = StepShape.Of(BenchJob.Process().Train);
        var accumulating = StepShape.Of(BenchJob.Process(extraTrain: "gradient_accumulation: 2").Train);
        var preserving = StepShape.Of(BenchJob.Process(extraTrain: "diff_output_preservation: true", extraModel: "", trigger: "sks").Train);

        Assert.Null(pack.ConflictWith(pack));
        Assert.Equal(("train.gradient_accumulation", "2 differs from the pack's 1"), accumulating.ConflictWith(pack));
        Assert.Equal("train.diff_output_preservation", preserving.ConflictWith(pack)?.JobKey);
        Assert.Equal("train.diff_output_preservation", pack.ConflictWith(preserving)?.JobKey);
    }
}
