using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ZImageSweep.Silo.Tests.Metrics;

/// <summary>
/// A throwaway Prometheus (the Debian <c>prometheus</c> package, build/install-test-deps.sh): a temp config that
/// scrapes one target every second, temp TSDB storage, the web API on a free loopback port. Killed and deleted on
/// dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    const string Binary = "/usr/bin/prometheus";
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    readonly Process _process;
    readonly string _root;
    readonly StringWriter _output = new();
    readonly HttpClient _http;

    PrometheusServer(Process process, string root, string url)
    {
        _process = process;
        _root = root;
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts Prometheus scraping <paramref name="metricsUrl"/> and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri metricsUrl, CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} is missing: install the Debian package prometheus (build/install-test-deps.sh).");
        string root = Directory.CreateTempSubdirectory("zsweep-prometheus-").FullName;
        string config = Path.Combine(root, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: zimagesweep-silo
                metrics_path: {metricsUrl.AbsolutePath}
                static_configs:
                  - targets: ["{metricsUrl.Authority}"]
            """, cancellationToken);
        string listen = $"127.0.0.1:{FreePorts.Take()}";
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(root, "data")}", $"--web.listen-address={listen}" })
            start.ArgumentList.Add(argument);
        var server = new PrometheusServer(Process.Start(start)!, root, $"http://{listen}");
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Prometheus exited with code {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var response = await _http.GetAsync("/-/ready", cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200, cancellationToken);
        }
        throw new TimeoutException($"Prometheus was not ready after {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output}");
    }

    /// <summary>An instant query (<c>/api/v1/query</c>) evaluated at <paramref name="at"/>.</summary>
    public async Task<PrometheusResult> QueryAsync(string promQl, DateTimeOffset at, CancellationToken cancellationToken)
    {
        string time = (at.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);
        using var response = await _http.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promQl)}&time={time}", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (body.GetProperty("status").GetString() != "success")
            return new PrometheusResult([], $"{body.GetProperty("errorType").GetString()}: {body.GetProperty("error").GetString()}");
        var data = body.GetProperty("data");
        if (data.GetProperty("resultType").GetString() is var type && type != "vector")
            return new PrometheusResult([], $"a {type}, where a dashboard panel needs an instant vector");
        return new PrometheusResult([.. data.GetProperty("result").EnumerateArray().Select(PrometheusSeries.From)], null);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
