using ZImageSweep.Client.Parsing;

namespace ZImageSweep.Client.Tests.Parsing;

[Trait(Tier.Name, Tier.Unit)]
public sealed class OptionSuggestionTests
{
    [Theory]
    [InlineData("step", "step", 0)]
    [InlineData("stpe", "step", 1)] // adjacent swap
    [InlineData("stp", "step", 1)] // dropped letter
    [InlineData("steep", "step", 1)] // doubled letter
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "out", 3)]
    public void EditDistance_CountsInsertionsDeletionsSubstitutionsAndSwaps(string a, string b, int expected) =>
        Assert.Equal(expected, OptionSuggestion.EditDistance(a, b));

    [Theory]
    [InlineData("Unknown option 'stpe'.", "--step")]
    [InlineData("Unknown option 'hmoe'.", "--home")]
    [InlineData("Unknown option 'qqqqqqq'.", null)]
    [InlineData("Could not match 'x' with an argument.", null)]
    public void For_SuggestsTheClosestLongOptionOfAnyCommand(string message, string? expected) =>
        Assert.Equal(expected, OptionSuggestion.For(message));
}
