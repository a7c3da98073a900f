using ZImageSweep.Client.Tests.Homes;

namespace ZImageSweep.Client.Tests.Remote;

/// <summary>
/// A live <c>zsweep serve --urls http://127.0.0.1:0 --tokens-file F</c> on a home of its own, whose workers are the
/// stand-in worker on two CPU slots: the server that the API and remote CLI tests send sweeps to, protected as a shared
/// cluster is (an operator's and a viewer's token; <see cref="Http"/> sends the operator's). Each test names its own sweeps.
/// </summary>
public sealed class ServedHome : IAsyncLifetime
{
    ZsweepProcess? _serve;

    public string Folder { get; } = Directory.CreateTempSubdirectory("zsweep-served-").FullName;

    public string Url { get; private set; } = "";

    /// <summary>An HTTP client with the operator's token.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A file holding the operator's token, for <c>--token-file</c>.</summary>
    public string OperatorTokenFile => Path.Combine(Folder, "operator.token");

    /// <summary>A file holding the viewer's token, for <c>--token-file</c>.</summary>
    public string ViewerTokenFile => Path.Combine(Folder, "viewer.token");

    public async ValueTask InitializeAsync()
    {
        string operatorToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        string viewerToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(OperatorTokenFile, operatorToken);
        File.WriteAllText(ViewerTokenFile, viewerToken);
        string tokens = Path.Combine(Folder, "tokens");
        File.WriteAllText(tokens, $"# who may use this server\noperator:{operatorToken}\nviewer:{viewerToken}\n");
        _serve = ZsweepProcess.Start(Folder, "serve", "--urls", "http://127.0.0.1:0", "--tokens-file", tokens);
        await _serve.WaitForOutputAsync("Serving http");
        Url = _serve.Output.Split(' ', '\n').First(w => w.StartsWith("http://", StringComparison.Ordinal));
        Http = new HttpClient { BaseAddress = new Uri(Url) };
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", operatorToken);
    }

    /// <summary>
    /// A two-arm spec (rank 4/8) of 20 ms steps for the stand-in worker with its base job inline (<see cref="TestHome.SpecYaml"/>).
    /// The arms hold at <paramref name="holdAtStep"/> (-1: never) until they are paused or cancelled: no test here
    /// writes the release file.
    /// </summary>
    public static string Spec(string name, int steps = 8, int holdAtStep = -1, string ranks = "4, 8") => TestHome.SpecYaml(name, steps, stepMs: 20, holdAtStep, ranks);

    /// <summary>
    /// An arm's worker log once its run's end is logged, its last line (the host writes it before it relays the
    /// finished event that completes the arm, but a log read while the arm still trains may still grow).
    /// </summary>
    public Task<string[]> FinishedWorkerLogAsync(string sweep, string arm)
    {
        string log = Path.Combine(Folder, "artifacts", "sweeps", sweep, arm, "logs", "worker.log");
        return Eventually.Until(() => Task.FromResult(File.Exists(log) ? File.ReadAllLines(log) : []),
            lines => lines.Length > 0 && lines[^1].StartsWith("--- worker ", StringComparison.Ordinal) && lines[^1].Contains(" done with run "),
            TimeSpan.FromMinutes(3), $"the end of {sweep}/{arm}'s run in its log");
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_serve is not null) await _serve.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
