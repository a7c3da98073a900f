using ZImageSweep.Engine.Offloading;

namespace ZImageSweep.Engine.Tests.Offloading;

/// <summary>
/// The block plan against ai-toolkit's rule (toolkit/memory_management/manager.py at ostris/ai-toolkit 27a03a9):
/// percent 1 offloads every layer, 0 none (z_image.py attaches the manager only when the percent is above 0), and in
/// between each layer is offloaded with probability percent, so the expected share is the percent.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class OffloadPlanTests
{
    /// <summary>Z-Image: 2 noise refiner + 2 context refiner + 30 main blocks.</summary>
    const int ZImageBlocks = 34;

    [Fact]
    public void FullShare_OffloadsEveryBlock() => Assert.All(OffloadPlan.Blocks(ZImageBlocks, 1.0), Assert.True);

    [Fact]
    public void ZeroShare_OffloadsNone() => Assert.All(OffloadPlan.Blocks(ZImageBlocks, 0.0), Assert.False);

    [Fact]
    public void HalfOfFour_IsEverySecondBlock() => Assert.Equal([false, true, false, true], OffloadPlan.Blocks(4, 0.5));

    [Theory]
    [InlineData(34, 0.25, 8)]  // 8.5 expected by ai-toolkit's draw; whole blocks round down
    [InlineData(34, 0.5, 17)]
    [InlineData(100, 0.57, 57)] // 0.57 · 100 is 56.99999999999999 in binary floating point: still 57
    [InlineData(34, 0.9, 30)]  // 30.6
    [InlineData(36, 0.7, 25)]  // Qwen3-4B's 36 layers: 25.2
    public void Count_IsTheShareOfTheBlocksRoundedDown(int count, double share, int expected)
    {
        var plan = OffloadPlan.Blocks(count, share);

        Assert.Equal(expected, plan.Count(b => b));
        Assert.InRange(plan.Count(b => b), count * share - 1, count * share + 1e-6); // at most one block under ai-toolkit's expectation
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    public void OffloadedBlocks_AreSpreadEvenly(double share)
    {
        var offloaded = OffloadPlan.Blocks(ZImageBlocks, share).Select((b, i) => (b, i)).Where(x => x.b).Select(x => x.i).ToList();

        // Gaps between consecutive offloaded blocks differ by at most one: no run of offloaded blocks back to back
        // while resident ones bunch up elsewhere.
        var gaps = offloaded.Zip(offloaded.Skip(1), (a, b) => b - a).ToList();
        Assert.True(gaps.Max() - gaps.Min() <= 1, $"gaps {string.Join(",", gaps)}");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void ShareOutsideZeroToOne_IsRefused(double share) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OffloadPlan.Blocks(4, share));
}
