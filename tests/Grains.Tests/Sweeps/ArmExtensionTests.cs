using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Sweeps;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Grains.Tests.Sweeps;

/// <summary>What <c>zsweep extend</c> may do to an arm: grow train.steps and nothing else, and only from a finished arm.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ArmExtensionTests
{
    static ArmDefinition Arm(string scheduler = "constant") => SweepExpander.Expand(SweepSpecParser.Parse($$"""
        name: s
        base:
          config:
            name: tiny
            process:
              - model: { name_or_path: Tongyi-MAI/Z-Image-Turbo }
                datasets: [ { folder_path: /data/images } ]
                train: { steps: 8, lr: 1e-4, lr_scheduler: {{scheduler}} }
                sample: { sample_every: 4, prompts: [a cat] }
        axes:
          - { name: rank, key: network.linear, values: [4] }
        """, "spec.yaml", Path.GetTempPath())).Arms[0];

    [Fact]
    public void ACompletedArm_GrowsItsStepsAndNothingElse()
    {
        var arm = Arm();

        var extended = ArmExtension.Extend("s", arm, ExperimentStatus.Completed, 5);

        Assert.Equal((arm.Id, arm.Label, 13), (extended.Id, extended.Label, extended.TotalSteps));
        Assert.Equal(13, JobDocument.Parse(extended.JobYaml, "extended").Bind().Process.Train.Steps);
        var back = JobDocument.Parse(extended.JobYaml, "extended");
        back.Set(JobKeyPath.Parse("train.steps"), new YamlDotNet.RepresentationModel.YamlScalarNode("8"));
        Assert.Equal(JobDocument.Parse(arm.JobYaml, "arm").ToYaml(), back.ToYaml());
    }

    [Theory]
    [InlineData(ExperimentStatus.Queued)]
    [InlineData(ExperimentStatus.Running)]
    [InlineData(ExperimentStatus.Paused)]
    [InlineData(ExperimentStatus.Failed)]
    [InlineData(ExperimentStatus.Cancelled)]
    public void AnArmThatIsNotFinished_IsRefusedNamingItsStatus(ExperimentStatus status)
    {
        var arm = Arm();

        var e = Assert.Throws<ExtendRejectedException>(() => ArmExtension.Extend("s", arm, status, 5));

        Assert.Contains($"Arm {arm.Id} (rank=4) of sweep 's' is {status}", e.Message);
    }

    [Fact]
    public void AFailedArm_IsPointedToRetry() =>
        Assert.Contains("zsweep retry", Assert.Throws<ExtendRejectedException>(() => ArmExtension.Extend("s", Arm(), ExperimentStatus.Failed, 5)).Message);

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void FewerThanOneStep_IsRefused(int steps) =>
        Assert.StartsWith($"steps: {steps}", Assert.Throws<ExtendRejectedException>(() => ArmExtension.Extend("s", Arm(), ExperimentStatus.Completed, steps)).Message);

    [Theory]
    [InlineData("cosine")]
    [InlineData("linear")]
    public void AScheduleOverTrainSteps_IsRefused(string scheduler)
    {
        var e = Assert.Throws<ExtendRejectedException>(() => ArmExtension.Extend("s", Arm(scheduler), ExperimentStatus.Completed, 5));

        Assert.Contains($"lr_scheduler: {scheduler}", e.Message);
    }

    [Fact]
    public void AnExtendedArm_IsTheSameArmAsTheSpecCreatesIt_ButNotAShortenedOrChangedOne()
    {
        var arm = Arm();
        var extended = ArmExtension.Extend("s", arm, ExperimentStatus.Completed, 5);

        Assert.True(ArmExtension.IsSameOrExtended(arm, arm));
        Assert.True(ArmExtension.IsSameOrExtended(extended, arm));
        Assert.False(ArmExtension.IsSameOrExtended(arm, extended)); // stored shorter than created: a different sweep
        Assert.False(ArmExtension.IsSameOrExtended(extended, Arm("cosine") with { Id = arm.Id }));
    }
}
