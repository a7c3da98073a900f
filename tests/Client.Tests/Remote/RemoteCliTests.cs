using System.Text.RegularExpressions;
using ZImageSweep.Client.Commands.Compare;
using ZImageSweep.Client.Tests.Commands;
using ZImageSweep.Client.Tests.Homes;

namespace ZImageSweep.Client.Tests.Remote;

/// <summary>
/// <c>zsweep … --server URL --token-file F</c> as a user on a laptop runs it, against a live <c>zsweep serve
/// --tokens-file</c>: a spec whose base job is a file next to it is sent with the job inline, trained on the server and
/// watched to its end; another is cancelled; a viewer reads but may not start; and the ways it can go wrong are one line
/// each with the documented exit code.
/// </summary>
[Collection(ServedHomeCollection.Name), Trait(Tier.Name, Tier.EndToEnd)]
public sealed class RemoteCliTests(ServedHome served) : IDisposable
{
    readonly string _laptop = Directory.CreateTempSubdirectory("zsweep-laptop-").FullName;

    [Fact]
    public async Task Run_SendsTheSpecWithItsBaseJobInline_AndWatchesItToTheEnd_ThenLsStatusAndLogsReadIt()
    {
        string spec = SpecWithBaseFile("cli-watched", holdAtStep: -1);

        var run = await ZsweepProcess.RunAsync(_laptop, "run", spec, "--server", served.Url, "--token-file", served.OperatorTokenFile, "--watch");
        var ls = await ZsweepProcess.RunAsync(_laptop, "ls", "--server", served.Url, "--token-file", served.OperatorTokenFile);
        var status = await ZsweepProcess.RunAsync(_laptop, "status", "cli-watched", "--server", served.Url, "--token-file", served.OperatorTokenFile);
        string arm = Directory.GetDirectories(Path.Combine(served.Folder, "artifacts", "sweeps", "cli-watched")).Select(Path.GetFileName).First(d => d != "grids")!;
        string[] log = await served.FinishedWorkerLogAsync("cli-watched", arm);
        var logs = await ZsweepProcess.RunAsync(_laptop, "logs", "cli-watched", arm, "--tail", "1", "--server", served.Url, "--token-file", served.OperatorTokenFile);
        // The stand-in's arms write no validation items, so the server refuses a verdict as the grains would.
        var verdict = await ZsweepProcess.RunAsync(_laptop, "compare", "cli-watched", "--verdict", "--server", served.Url, "--token-file", served.OperatorTokenFile);

        Assert.True(run.Exit == 0, run.Output);
        Assert.Contains($"It trains in the cluster behind {served.Url}", Words(run.Output));
        Assert.Contains("completed", run.Output);
        Assert.True(ls.Exit == 0, ls.Output);
        Assert.True(Regex.IsMatch(ls.Output, @"cli-w\w*\W+2\W+0\W+0\W+0\W+2\b"), ls.Output); // arms, then Queued, Running, Paused, Completed (the name wraps with the table)
        Assert.True(status.Exit == 0, status.Output);
        Assert.Equal(2, Regex.Matches(status.Output, "8/8").Count);
        Assert.True(logs.Exit == 0, logs.Output);
        Assert.Equal(log[^1], logs.Output.Trim());
        Assert.True(verdict.Exit == CompareCommand.VerdictRejected, verdict.Output);
        Assert.Contains("validation", verdict.Output);
    }

    [Fact]
    public async Task Cancel_StopsTheRemoteSweepsArms()
    {
        // The arms hold at step 2 until cancelled, so they are active when the cancel arrives.
        string spec = SpecWithBaseFile("cli-stopped", holdAtStep: 2);

        var run = await ZsweepProcess.RunAsync(_laptop, "run", spec, "--server", served.Url, "--token-file", served.OperatorTokenFile);
        var cancel = await ZsweepProcess.RunAsync(_laptop, "cancel", "cli-stopped", "--server", served.Url, "--token-file", served.OperatorTokenFile);

        Assert.True(run.Exit == 0, run.Output);
        Assert.True(cancel.Exit == 0, cancel.Output);
        Assert.Equal(2, Regex.Matches(cancel.Output, "cancelled").Count);
    }

    [Fact]
    public void UnknownSweep_IsOneLineNamingTheServer_Exit1()
    {
        var result = Zsweep.Run("status", "no-such-sweep", "--server", served.Url, "--token-file", served.OperatorTokenFile);

        Assert.Equal(CommandErrors.Runtime, result.ExitCode);
        Assert.Contains($"{served.Url}/ answered 404", Words(result.Output));
        Assert.Contains("no-such-sweep", result.Output);
    }

    [Fact]
    public void Viewer_ReadsTheSweeps_ButMayNotStartOne_AndNoTokenIsRefused()
    {
        string spec = SpecWithBaseFile("cli-viewer", holdAtStep: -1);

        var viewerLs = Zsweep.Run("ls", "--server", served.Url, "--token-file", served.ViewerTokenFile);
        var viewerRun = Zsweep.Run("run", spec, "--server", served.Url, "--token-file", served.ViewerTokenFile);
        var anonymousLs = Zsweep.Run("ls", "--server", served.Url);

        Assert.True(viewerLs.ExitCode == 0, viewerLs.Output);
        Assert.Equal(CommandErrors.Runtime, viewerRun.ExitCode);
        Assert.Contains("403", viewerRun.Output);
        Assert.Equal(CommandErrors.Runtime, anonymousLs.ExitCode);
        Assert.Contains("answered 401", Words(anonymousLs.Output));
        Assert.Contains("--token-file", anonymousLs.Output);
        var status = Zsweep.Run("status", "cli-viewer", "--server", served.Url, "--token-file", served.OperatorTokenFile);
        Assert.Equal(CommandErrors.Runtime, status.ExitCode); // the viewer's run created nothing
        Assert.Contains("404", status.Output);
    }

    [Fact]
    public void UnreachableServer_IsOneLineNamingIt_Exit1()
    {
        string url = $"http://127.0.0.1:{FreePorts.Take()}";

        var result = Zsweep.Run("ls", "--server", url);

        Assert.Equal(CommandErrors.Runtime, result.ExitCode);
        Assert.Contains($"Cannot reach the server {url}/", Words(result.Output));
    }

    [Theory]
    [InlineData("--server", "not a url", "--server 'not a url' is not a server URL")]
    [InlineData("--server", "ftp://host", "--server 'ftp://host' is not a server URL")]
    [InlineData("--token-file", "/no/such/token", "--token-file '/no/such/token' does not exist")]
    [InlineData("--home", "/tmp", "--home names a folder on this machine; leave it out with --server")]
    public void BadServerOptions_AreUsageErrors_Exit2NamingTheOption(string option, string value, string expected)
    {
        string[] server = option == "--server" ? [] : ["--server", "http://127.0.0.1:1"];

        var result = Zsweep.Run(["ls", option, value, .. server]);

        Assert.Equal(CommandErrors.Input, result.ExitCode);
        Assert.Contains(expected, Words(result.Output));
    }

    /// <summary>A spec on the laptop whose base job is a file beside it, as a user writes one.</summary>
    string SpecWithBaseFile(string name, int holdAtStep)
    {
        string inline = ServedHome.Spec(name, holdAtStep: holdAtStep);
        int baseStart = inline.IndexOf("base:", StringComparison.Ordinal), axesStart = inline.IndexOf("axes:", StringComparison.Ordinal);
        // The inline job, unindented by two, is the job file.
        string job = string.Join('\n', inline[(baseStart + "base:".Length)..axesStart].Split('\n').Where(l => l.Trim().Length > 0).Select(l => l[2..]));
        File.WriteAllText(Path.Combine(_laptop, "job.yaml"), job);
        string spec = Path.Combine(_laptop, $"{name}.yaml");
        File.WriteAllText(spec, inline[..baseStart] + "base: ./job.yaml\n" + inline[axesStart..]);
        return spec;
    }

    /// <summary>The console is not a terminal, so lines wrap: compare words, not line breaks.</summary>
    static string Words(string output) => Regex.Replace(output, @"\s+", " ");

    public void Dispose() => Directory.Delete(_laptop, recursive: true);
}
