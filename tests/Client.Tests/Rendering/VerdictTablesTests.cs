using Spectre.Console.Testing;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Client.Tests.Rendering;

[Trait(Tier.Name, Tier.Unit)]
public sealed class VerdictTablesTests
{
    static readonly Dictionary<string, string> Labels = new() { ["a"] = "rank=8", ["b"] = "rank=16", ["c"] = "rank=32" };

    static VerdictPair Pair(string a, string b, string? winner, int? needed = null) =>
        new(a, b, 20, -0.01, -0.02, -0.001, 0.001, 0.003, winner, -0.8, needed);

    static SweepVerdict Verdict(params VerdictPair[] pairs) => new("s", "validation-loss", 40,
        [new VerdictArm("a", "rank=8", 1.10, 20, 1, 0.01), new VerdictArm("b", "rank=16", 1.12, 20, 1, 0.01), new VerdictArm("c", "rank=32", 1.13, 20, 1, 0.02)],
        [.. pairs], 0.05);

    [Fact]
    public void AnArmThatBeatsEveryOther_IsNamedTheWinner()
    {
        var verdict = Verdict(Pair("a", "b", "a"), Pair("a", "c", "a"), Pair("b", "c", null));

        Assert.Equal("Winner: rank=8 — better than every other arm on validation-loss at step 40.", VerdictTables.Summary(verdict, Labels));
    }

    [Fact]
    public void WithoutAnArmBeatingAllOthers_NoWinnerIsClaimed()
    {
        var verdict = Verdict(Pair("a", "b", "a"), Pair("a", "c", null), Pair("b", "c", null));

        Assert.StartsWith("No arm is detectably better than all the others", VerdictTables.Summary(verdict, Labels));
    }

    [Fact]
    public void AnUndecidedPair_SaysSoInWords_WithTheItemsItWouldNeed()
    {
        Assert.Equal("rank=16 better", VerdictTables.Outcome(Pair("b", "c", "b"), Labels));
        Assert.Equal("no detectable difference at n = 20 (~140 items would detect this effect)", VerdictTables.Outcome(Pair("b", "c", null, 140), Labels));
        Assert.Equal("no detectable difference at n = 20", VerdictTables.Outcome(Pair("b", "c", null), Labels));
    }

    [Fact]
    public void TheTables_ShowEachArmsMeanWithItsIntervalAndEachPair()
    {
        var console = new TestConsole().Width(250);

        VerdictTables.Write(console, Verdict(Pair("a", "b", "a"), Pair("a", "c", "a"), Pair("b", "c", null)));

        Assert.Contains("validation-loss at step 40", console.Output); // the title wraps at the table's width
        Assert.Contains("1.1 ± 0.01", console.Output);
        Assert.Contains("-0.01 [-0.02, -0.001]", console.Output);
        Assert.Contains("Holm-adjusted over 3 pairs", console.Output);
        Assert.Contains("Winner: rank=8", console.Output);
    }

    [Fact]
    public void WithReplicates_EachConfigurationShowsItsSeedsAndTheirSpread()
    {
        var console = new TestConsole().Width(250);
        var verdict = new SweepVerdict("s", "validation-loss", 40,
            [new VerdictArm("a", "rank=8", 1.10, 60, 3, 0.01, SeedSd: 0.0042), new VerdictArm("b", "rank=16", 1.12, 60, 3, 0.01, SeedSd: 0.0071)],
            [Pair("a", "b", null)], 0.05);

        VerdictTables.Write(console, verdict);

        Assert.Contains("Seed SD", console.Output);
        Assert.Matches(@"rank=8\s*│\s*1\.1 ± 0\.01\s*│\s*60\s*│\s*3\s*│\s*0\.0042", console.Output);
        Assert.Matches(@"rank=16\s*│\s*1\.12 ± 0\.01\s*│\s*60\s*│\s*3\s*│\s*0\.0071", console.Output);
    }

    [Fact]
    public void WithoutReplicates_TheTableHasNoSeedColumns()
    {
        var console = new TestConsole().Width(250);

        VerdictTables.Write(console, Verdict(Pair("a", "b", "a"), Pair("a", "c", "a"), Pair("b", "c", null)));

        Assert.DoesNotContain("Seed SD", console.Output);
    }
}
