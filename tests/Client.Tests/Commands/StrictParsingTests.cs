namespace ZImageSweep.Client.Tests.Commands;

/// <summary>The command line is parsed strictly: a typo or a surplus argument is refused, never silently ignored.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class StrictParsingTests
{
    [Fact]
    public void MisspeltOption_IsRefusedNamingIt_AndSuggestsTheClosestOption()
    {
        var result = Zsweep.Run("compare", "demo", "--stpe", "10");

        Assert.Equal(CommandErrors.Input, result.ExitCode);
        Assert.Contains("stpe", result.Output);
        Assert.Contains("Did you mean --step?", result.Output);
    }

    [Fact]
    public void SurplusArgument_IsRefusedNamingIt()
    {
        var result = Zsweep.Run("compare", "demo", "surplus-word");

        Assert.Equal(CommandErrors.Input, result.ExitCode);
        Assert.Contains("surplus-word", result.Output);
    }

    [Fact]
    public void UnknownOptionFarFromEveryOption_IsRefusedWithoutASuggestion()
    {
        var result = Zsweep.Run("ls", "--zzzzzzzz");

        Assert.Equal(CommandErrors.Input, result.ExitCode);
        Assert.Contains("zzzzzzzz", result.Output);
        Assert.DoesNotContain("Did you mean", result.Output);
    }
}
