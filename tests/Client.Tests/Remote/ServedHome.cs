using ZImageSweep.Client.Tests.Homes;

namespace ZImageSweep.Client.Tests.Remote;

/// <summary>
/// A live <c>zsweep serve --urls http://127.0.0.1:0</c> on a home of its own, whose workers are the stand-in worker on
/// two CPU slots: the server that the API and remote CLI tests send sweeps to. Each test names its own sweeps.
/// </summary>
public sealed class ServedHome : IAsyncLifetime
{
    ZsweepProcess? _serve;

    public string Folder { get; } = Directory.CreateTempSubdirectory("zsweep-served-").FullName;

    public string Url { get; private set; } = "";

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _serve = ZsweepProcess.Start(Folder, "serve", "--urls", "http://127.0.0.1:0");
        await _serve.WaitForOutputAsync("Serving http");
        Url = _serve.Output.Split(' ', '\n').First(w => w.StartsWith("http://", StringComparison.Ordinal));
        Http = new HttpClient { BaseAddress = new Uri(Url) };
    }

    /// <summary>
    /// A two-arm spec (rank 4/8) for the stand-in worker with its base job inline, as YAML. The arms hold at
    /// <paramref name="holdAtStep"/> (-1: never) until they are paused or cancelled: the release file the stand-in
    /// waits for, the home's <c>release</c> four folders above an arm's working directory, is never written.
    /// </summary>
    public static string Spec(string name, int steps = 8, int holdAtStep = -1, string ranks = "4, 8") => $$"""
        name: {{name}}
        concurrency: 2
        base:
          config:
            name: tiny
            process:
              - model: { name_or_path: Tongyi-MAI/Z-Image-Turbo }
                datasets: [ { folder_path: /data/images } ]
                train: { steps: {{steps}} }
                save: { save_every: 4 }
          meta: { fake_step_ms: "20", fake_hold_at_step: "{{holdAtStep}}", fake_hold_until: "../../../../release" }
        axes:
          - { name: rank, key: network.linear, values: [{{ranks}}] }
        """;

    public string Output => _serve?.Output ?? "";

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_serve is not null) await _serve.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
