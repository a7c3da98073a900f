using ZImageSweep.Grains.Comparisons;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Tests.Comparisons;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ArmRankingTests
{
    static ArmHistory Losses(params double[] losses)
    {
        var arm = new ArmHistory();
        for (int i = 0; i < losses.Length; i++) arm.RecordLoss(i + 1, losses[i]);
        return arm;
    }

    [Fact]
    public void TrainingLoss_IsTheMeanOfTheLastTenthOfSteps_RoundedUpToWholeSteps()
    {
        double[] losses = [.. Enumerable.Repeat(9.0, 17), 1, 2, 3]; // 20 steps: the last 2 count
        Assert.Equal((2.5, 20L), ArmRanking.Score(Losses(losses), ComparisonMetric.TrainingLoss));
        Assert.Equal((4.0, 3L), ArmRanking.Score(Losses(5, 6, 4), ComparisonMetric.TrainingLoss)); // 0.3 steps → 1
    }

    [Fact]
    public void ValidationSignals_ComeFromTheLatestCheckpointThatHasThem()
    {
        var arm = new ArmHistory();
        arm.RecordValidation(new ValidationPoint(10, 0.3, 0.05, null));
        arm.RecordValidation(new ValidationPoint(20, 0.9, null, null));

        Assert.Equal((0.9, 20L), ArmRanking.Score(arm, ComparisonMetric.ValidationLoss));
        Assert.Equal((0.05, 10L), ArmRanking.Score(arm, ComparisonMetric.TurboDrift));
        Assert.Null(ArmRanking.Score(arm, ComparisonMetric.TriggerLeakage));
        Assert.Null(ArmRanking.Score(arm, ComparisonMetric.TrainingLoss));
    }
}
