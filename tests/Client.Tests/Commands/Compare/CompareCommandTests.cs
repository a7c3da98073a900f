namespace ZImageSweep.Client.Tests.Commands.Compare;

/// <summary>Usage errors are caught before the command connects anywhere.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class CompareCommandTests
{
    [Fact]
    public void OutWithoutStep_IsRefused()
    {
        var result = Zsweep.Run("compare", "s", "--out", "grid.png");

        Assert.Equal(2, result.ExitCode); // input: a usage error
        Assert.Contains("--out needs --step", result.Output);
    }

    [Fact]
    public void AnUnknownMetric_IsRefusedListingTheKnownOnes()
    {
        var result = Zsweep.Run("compare", "s", "--by", "accuracy");

        Assert.Equal(2, result.ExitCode); // input: a usage error
        Assert.Contains("training-loss, validation-loss, turbo-drift, trigger-leakage", result.Output);
    }

    [Fact]
    public void AVerdictOnAnUnknownMetric_ExitsWith2NamingIt()
    {
        var result = Zsweep.Run("compare", "s", "--verdict", "--metric", "accuracy");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--metric 'accuracy' is not a metric", result.Output);
        Assert.Contains("validation-loss, turbo-drift, trigger-leakage", result.Output);
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--verdict", "--strip", "--arm", "3f2a")]
    public void VerdictOptions_AreRefusedOutsideAVerdict(params string[] options)
    {
        var result = Zsweep.Run(["compare", "s", .. options]);

        Assert.Equal(2, result.ExitCode); // input: a usage error
        Assert.Contains("--verdict", result.Output);
    }

    [Theory]
    [InlineData("--strip")]
    [InlineData("--arm", "3f2a")]
    public void StripAndArm_GoTogether(params string[] options)
    {
        var result = Zsweep.Run(["compare", "s", .. options]);

        Assert.Equal(2, result.ExitCode); // input: a usage error
        Assert.Contains("--strip and --arm go together", result.Output);
    }
}
