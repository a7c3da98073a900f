using System.Diagnostics;

namespace ZImageSweep.Client.Tests.Commands.Demo;

/// <summary>
/// README's main command, <c>zsweep demo</c>, end to end as its own process (the CLI build next to the tests, whose
/// workers are the real <c>zsweep worker</c>), on a short run in a folder of its own.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class DemoCommandTests : IDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    readonly string _root = Path.Combine(Path.GetTempPath(), $"zsweep-demo-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Demo_TrainsEveryArmWithGrids_AndAFolderMadeWithOtherStepsIsRefusedWithoutLosingIt()
    {
        var (exit, output) = await RunAsync("--steps", "8");
        Assert.True(exit == 0, $"the demo exited with {exit}:\n{output}");
        string sweep = Path.Combine(_root, "artifacts", "sweeps", "demo");
        string[] finals = Directory.GetDirectories(sweep).Where(d => Path.GetFileName(d) != "grids")
            .Select(d => Path.Combine(d, Path.GetFileName(d) + ".safetensors")).ToArray();
        Assert.Equal(4, finals.Length);
        Assert.All(finals, f => Assert.True(File.Exists(f), $"{f} is missing"));
        Assert.Contains("grid at step 0:", output);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(sweep, "grids"), "step_*.png"));
        // It ends with the verdict: every pair of the four arms on held-out loss, and a winner or a plain "none".
        Assert.Contains("paired comparisons (Wilcoxon, Holm-adjusted over 6 pairs", output);
        Assert.True(output.Contains("Winner:") || output.Contains("No arm is detectably better than all the others"), output);

        var before = finals.ToDictionary(f => f, File.ReadAllBytes);
        var (again, refusal) = await RunAsync("--steps", "12");
        Assert.True(again == 2, $"the second demo exited with {again}:\n{refusal}");
        Assert.Contains("holds a different sweep; nothing was started", refusal);
        Assert.Contains(_root, refusal);
        Assert.DoesNotContain("Unhandled exception", refusal);
        Assert.All(before, kv => Assert.Equal(kv.Value, File.ReadAllBytes(kv.Key)));
    }

    async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "zsweep.dll"), "demo", "--root", _root, .. arguments])
            start.ArgumentList.Add(argument);
        start.Environment["OMP_NUM_THREADS"] = "1"; // the tiny model trains fastest on one thread (see Web.Tests' ServeProcess)
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"zsweep demo did not finish within {Timeout.TotalMinutes} minutes:\n{await stdout}\n{await stderr}");
        }
        // The console is not a terminal, so lines wrap at 80 columns: compare words, not line breaks.
        return (process.ExitCode, System.Text.RegularExpressions.Regex.Replace(await stdout + await stderr, @"\s+", " "));
    }
}
