using ZImageSweep.Client.Parsing;

namespace ZImageSweep.Client.Tests.Parsing;

[Trait(Tier.Name, Tier.Unit)]
public sealed class OptionSuggestionTests
{
    [Theory]
    [InlineData("Unknown option 'stpe'.", "--step")]
    [InlineData("Unknown option 'hmoe'.", "--home")]
    [InlineData("Unknown option 'qqqqqqq'.", null)]
    [InlineData("Could not match 'x' with an argument.", null)]
    public void For_SuggestsTheClosestLongOptionOfAnyCommand(string message, string? expected) =>
        Assert.Equal(expected, OptionSuggestion.For(message));
}
