namespace ZImageSweep.Client.Tests.Homes;

/// <summary>
/// <c>zsweep extend</c> end to end on a home whose sweep finished, with stand-in workers: refusals exit 2 naming the
/// arm or its status and change nothing; an accepted extension trains once a command hosts the home.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class ExtendOnAHomeTests
{
    [Fact]
    public async Task AFinishedArm_IsExtendedByTheCommand_AndUnknownOrUnfinishedArmsAreRefusedWithExit2()
    {
        using var home = new TestHome(steps: 10, stepMs: 20);
        var run = await ZsweepProcess.RunAsync(home.Folder, "run", home.Spec);
        Assert.True(run.Exit == 0, run.Output);
        string arm = Path.GetFileName(home.ArmFolders[0]);

        var unknown = await ZsweepProcess.RunAsync(home.Folder, "extend", TestHome.Sweep, "nosucharm", "--steps", "5");
        Assert.True(unknown.Exit == 2, unknown.Output);
        Assert.Contains($"Sweep '{TestHome.Sweep}' has no arm 'nosucharm'", unknown.Output);

        var extend = await ZsweepProcess.RunAsync(home.Folder, "extend", TestHome.Sweep, arm, "--steps", "5");
        Assert.True(extend.Exit == 0, extend.Output);
        // Nothing hosts the home yet, so the extended arm waits, queued, and cannot be extended again.
        var again = await ZsweepProcess.RunAsync(home.Folder, "extend", TestHome.Sweep, arm, "--steps", "5");
        Assert.True(again.Exit == 2, again.Output);
        Assert.Contains($"Arm {arm} (rank=4) of sweep '{TestHome.Sweep}' is Queued", again.Output);

        var watch = await ZsweepProcess.RunAsync(home.Folder, "watch", TestHome.Sweep);
        Assert.True(watch.Exit == 0, watch.Output);
        var steps = home.TrainedSteps();
        Assert.Equal(15, steps[arm].Max(s => s.Step));
        Assert.Equal(10, steps.Single(s => s.Key != arm).Value.Max(s => s.Step)); // the other arm is left alone
    }
}
