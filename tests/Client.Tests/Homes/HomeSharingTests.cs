namespace ZImageSweep.Client.Tests.Homes;

/// <summary>
/// One owner per home, end to end: <c>zsweep</c> commands as separate processes on one home, with stand-in workers
/// whose <c>steps.log</c> records every trained step and the process that trained it.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class HomeSharingTests
{
    [Fact]
    public async Task WhileRunTrains_OtherCommandsOnItsHomeUseItsSilo_WithOneWorkerPerArm_AndTheComparisonEqualsACleanRuns()
    {
        // The arms hold at step 25 until released, so the commands below act on training arms however slowly they start.
        using var home = new TestHome(steps: 60, stepMs: 50, holdAtStep: 25);
        using var clean = new TestHome(steps: 60, stepMs: 50, holdAtStep: 25);
        clean.Release();
        // Two homes side by side: each owner listens on ports of its own.
        await using var cleanRun = ZsweepProcess.Start(clean.Folder, "run", clean.Spec);
        await using var run = ZsweepProcess.Start(home.Folder, "run", home.Spec);
        await home.WaitUntilAsync(() => home.TrainedSteps().Values.Count(s => s.Length == 25) == 2, "both arms reach step 25");

        var status = await ZsweepProcess.RunAsync(home.Folder, "status", TestHome.Sweep);
        Assert.True(status.Exit == 0, status.Output);
        Assert.Equal(2, status.Output.Split("running").Length - 1);
        var pause = await ZsweepProcess.RunAsync(home.Folder, "pause", TestHome.Sweep);
        Assert.True(pause.Exit == 0, pause.Output);
        Assert.Equal(2, pause.Output.Split("paused").Length - 1);
        var compare = await ZsweepProcess.RunAsync(home.Folder, "compare", TestHome.Sweep);
        Assert.True(compare.Exit == 0, compare.Output);
        await using (var serve = ZsweepProcess.Start(home.Folder, "serve", "--urls", "http://127.0.0.1:0"))
        {
            await serve.WaitForOutputAsync("Serving http");
            string url = serve.Output.Split(' ').First(w => w.StartsWith("http://", StringComparison.Ordinal));
            using var http = new HttpClient();
            string sweep = await http.GetStringAsync($"{url}/api/sweeps/{TestHome.Sweep}", TestContext.Current.CancellationToken);
            Assert.Contains("\"Paused\"", sweep);
            // The console is not a terminal, so lines wrap at 80 columns: compare words, not line breaks.
            Assert.Contains($"a client of zsweep run (pid {run.Pid})", System.Text.RegularExpressions.Regex.Replace(serve.Output, @"\s+", " "));
            await serve.SignalAsync("TERM");
            Assert.Equal(143, await serve.WaitForExitAsync());
        }
        Assert.Equal(run.Pid, home.Owner?.Pid);
        var resume = await ZsweepProcess.RunAsync(home.Folder, "resume", TestHome.Sweep);
        Assert.True(resume.Exit == 0, resume.Output);
        // The resumed arms hold at step 25 again until released: run cannot finish and exit while status asks it.
        var training = await ZsweepProcess.RunAsync(home.Folder, "status", TestHome.Sweep);
        Assert.True(training.Exit == 0, training.Output);
        home.Release();

        Assert.True(await run.WaitForExitAsync() == 0, run.Output);
        Assert.True(await cleanRun.WaitForExitAsync() == 0, cleanRun.Output);
        foreach (var (arm, steps) in home.TrainedSteps())
        {
            // Every step trained once, in order, by one worker at a time: a worker's steps are one unbroken run.
            Assert.Equal(Enumerable.Range(1, home.Steps).Select(s => (long)s), steps.Select(s => s.Step));
            var workers = steps.Select(s => s.Pid).Distinct().ToArray();
            Assert.Equal(workers.Length, 1 + Enumerable.Range(1, steps.Length - 1).Count(i => steps[i].Pid != steps[i - 1].Pid));
        }
        Assert.Equal(2 * 2, home.WorkerStarts()); // each arm: its first worker, and the one after resume
        var final = await ZsweepProcess.RunAsync(home.Folder, "compare", TestHome.Sweep);
        var reference = await ZsweepProcess.RunAsync(clean.Folder, "compare", TestHome.Sweep);
        Assert.Equal(reference, final);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task SignalledRun_ExitsWithTheSignalsCodeAfterItsWorkersSaved_ReadsStartNoWorker_AndARerunResumesExactly(string signal, int exitCode)
    {
        // A process started in the background by a shell without job control (`nohup … &` in a script) has SIGINT
        // ignored, and so has every process it starts: .NET then leaves SIGINT alone, as a Unix program should, and the
        // run cannot be interrupted. That is the environment's choice, not a failure of the command.
        Assert.SkipWhen(signal == "INT" && IgnoredByThisProcess(2),
            "SIGINT is ignored by this test process (SigIgn in /proc/self/status; started in the background without job control), so the zsweep it starts cannot receive it");
        using var home = new TestHome(steps: 200, stepMs: 50);
        await using (var run = ZsweepProcess.Start(home.Folder, "run", home.Spec))
        {
            await home.WaitUntilAsync(() => home.TrainedSteps().Values.Count(s => s.Length > 12) == 2, "both arms trained past a checkpoint");
            await run.SignalAsync(signal);
            Assert.True(await run.WaitForExitAsync() == exitCode, run.Output);
            Assert.Contains("every running arm saved a checkpoint", run.Output);
        }
        var stopped = home.TrainedSteps();
        foreach (var (arm, steps) in stopped)
        {
            long last = steps[^1].Step;
            Assert.True(last < home.Steps, $"arm {arm} finished before the signal");
            Assert.True(File.Exists(Path.Combine(home.Folder, "artifacts", "sweeps", TestHome.Sweep, arm, $"{arm}_{last:D9}.safetensors")),
                $"arm {arm} stopped at step {last} without saving it");
        }
        Assert.Null(home.Owner);

        int workers = home.WorkerStarts();
        foreach (string[] command in new[] { ["ls"], ["status", TestHome.Sweep], new[] { "compare", TestHome.Sweep } })
        {
            var read = await ZsweepProcess.RunAsync(home.Folder, command);
            Assert.True(read.Exit == 0, read.Output);
        }
        Assert.Equal(workers, home.WorkerStarts());
        Assert.Equal(stopped.SelectMany(a => a.Value), home.TrainedSteps().SelectMany(a => a.Value));

        var rerun = await ZsweepProcess.RunAsync(home.Folder, "run", home.Spec);
        Assert.True(rerun.Exit == 0, rerun.Output);
        foreach (var (_, steps) in home.TrainedSteps())
            Assert.Equal(Enumerable.Range(1, home.Steps).Select(s => (long)s), steps.Select(s => s.Step));
    }

    /// <summary>Whether signal <paramref name="number"/> is ignored by this process (Linux: the SigIgn mask of /proc/self/status).</summary>
    static bool IgnoredByThisProcess(int number)
    {
        string? mask = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))?["SigIgn:".Length..].Trim()
            : null;
        return mask is not null && (Convert.ToUInt64(mask, 16) & (1UL << (number - 1))) != 0;
    }
}
