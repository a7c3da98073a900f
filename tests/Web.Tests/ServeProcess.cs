using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ZImageSweep.Web.Tests;

/// <summary>
/// <c>zsweep serve --home &lt;folder&gt; --urls http://127.0.0.1:0</c> as its own process, from the CLI build next to the
/// tests: the embedded silo with the web page, whose workers are the real <c>zsweep worker</c>. Its Orleans
/// ports are free ones so tests never meet another silo; the web port is the one it prints.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    readonly Process _process;
    readonly StringWriter _output = new();
    readonly TaskCompletionSource<string> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ServeProcess(string home)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "zsweep.dll"), "serve", "--home", home, "--urls", "http://127.0.0.1:0" })
            start.ArgumentList.Add(argument);
        start.Environment["Silo__SiloPort"] = FreePorts.Take().ToString();
        start.Environment["Silo__GatewayPort"] = (GatewayPort = FreePorts.Take()).ToString();
        // Both arms train at once, one per core of a small CI machine, each on one thread: libtorch's default thread
        // pool makes the tiny model train about six times slower on two cores (40 s against 6 s per arm here).
        start.Environment["Gpu__Mode"] = "Cpu";
        start.Environment["Gpu__CpuSlots"] = "2";
        start.Environment["OMP_NUM_THREADS"] = "1";
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int GatewayPort { get; }

    /// <summary>The address the page is served at, as <c>zsweep serve</c> printed it.</summary>
    public string Url { get; private set; } = "";

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<ServeProcess> StartAsync(string home)
    {
        var serve = new ServeProcess(home);
        var exited = serve._process.WaitForExitAsync();
        var first = await Task.WhenAny(serve._url.Task, exited, Task.Delay(StartTimeout));
        if (first != serve._url.Task)
        {
            await serve.DisposeAsync();
            Assert.Fail($"zsweep serve did not print its URL ({(first == exited ? "it exited" : "timed out")}):\n{serve.Output}");
        }
        serve.Url = await serve._url.Task;
        return serve;
    }

    void Record(string? line)
    {
        if (line is null) return;
        lock (_output) _output.WriteLine(line);
        if (ServingLine().Match(line) is { Success: true } match) _url.TrySetResult(match.Groups[1].Value);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Serving (https?://\S+)")]
    private static partial Regex ServingLine();
}
