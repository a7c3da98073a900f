namespace ZImageSweep.Client.Tests.Commands.Extend;

/// <summary><c>zsweep extend</c>'s usage errors, caught before the command connects anywhere.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ExtendCommandTests
{
    [Fact]
    public void WithoutSteps_IsRefused()
    {
        var result = Zsweep.Run("extend", "s", "3f2a9c1b7e4d");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--steps is required", result.Output);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void FewerThanOneStep_IsRefused(string steps)
    {
        var result = Zsweep.Run("extend", "s", "3f2a9c1b7e4d", "--steps", steps);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--steps {steps} would train nothing more", result.Output);
    }

    [Fact]
    public void WithoutAnArm_IsRefused()
    {
        var result = Zsweep.Run("extend", "s", "--steps", "5");

        Assert.Equal(2, result.ExitCode); // input: a usage error
    }
}
