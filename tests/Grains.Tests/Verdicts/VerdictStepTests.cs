using ZImageSweep.Grains.Comparisons;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Verdicts;

namespace ZImageSweep.Grains.Tests.Verdicts;

[Trait(Tier.Name, Tier.Unit)]
public sealed class VerdictStepTests
{
    /// <summary>An arm that validated at <paramref name="steps"/>, each with a loss and an items file name.</summary>
    static ArmHistory Validated(params long[] steps)
    {
        var arm = new ArmHistory();
        foreach (long step in steps) arm.RecordValidation(new ValidationPoint(step, 1.0, null, 0.1, $"/items/{step}.json"));
        return arm;
    }

    [Fact]
    public void WithoutAStep_TakesTheLatestStepEveryArmWithItemsReached()
    {
        var (step, arms) = VerdictStep.Choose(ComparisonMetric.ValidationLoss, null,
            [("a", "A", Validated(2, 4, 6)), ("b", "B", Validated(2, 4)), ("c", "C", null)]);

        Assert.Equal(4, step);
        Assert.Equal(["a", "b"], arms.Select(a => a.Id)); // c reported nothing: not compared
        Assert.All(arms, a => Assert.Equal(4, a.Point.Step));
    }

    [Fact]
    public void AStepAnArmLacks_IsRejectedNamingTheArmAndTheSharedSteps()
    {
        var e = Assert.Throws<VerdictRejectedException>(() => VerdictStep.Choose(ComparisonMetric.ValidationLoss, 6,
            [("a", "A", Validated(2, 4, 6)), ("b", "B", Validated(2, 4))]));

        Assert.Contains("B lack it", e.Message);
        Assert.Contains("Steps all arms share: 2, 4", e.Message);
    }

    [Fact]
    public void ArmsWithNoCommonStep_AreRejectedByName()
    {
        var e = Assert.Throws<VerdictRejectedException>(() => VerdictStep.Choose(ComparisonMetric.TriggerLeakage, null,
            [("a", "A", Validated(2)), ("b", "B", Validated(4))]));

        Assert.Contains("A, B share no checkpoint step with trigger-leakage items", e.Message);
    }

    [Fact]
    public void TrainingLoss_AndMetricsNoArmComputed_AreRejectedByName()
    {
        var training = Assert.Throws<VerdictRejectedException>(() => VerdictStep.Choose(ComparisonMetric.TrainingLoss, null, [("a", "A", Validated(2)), ("b", "B", Validated(2))]));
        var drift = Assert.Throws<VerdictRejectedException>(() => VerdictStep.Choose(ComparisonMetric.TurboDrift, null, [("a", "A", Validated(2)), ("b", "B", Validated(2))]));

        Assert.Contains("training-loss has no paired items", training.Message);
        Assert.Contains("turbo-drift needs two arms", drift.Message);
    }
}
