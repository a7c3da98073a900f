using System.Diagnostics;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Storage;
using ZImageSweep.Silo.Tests.Cluster;

namespace ZImageSweep.Silo.Tests.Metrics;

/// <summary>
/// The Grafana dashboards against the real thing: a silo process (cluster mode on PostgreSQL) trains a sweep with the
/// stand-in worker while a real Prometheus scrapes its <c>/metrics</c> every second; then every PromQL expression of
/// every dashboard, evaluated at one moment during training, must return at least one series. A renamed instrument,
/// a label a query expects but the meter lacks, or a PromQL typo fails here instead of as an empty panel.
/// </summary>
[Collection(PostgresCollection.Name), Trait(Tier.Name, Tier.Integration)]
public sealed class DashboardQueriesTests(PostgresServer postgres) : IDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    /// <summary>Seconds of training samples Prometheus must hold before the dashboards are queried: rate() windows need several.</summary>
    const int ScrapedSeconds = 12;

    readonly string _artifacts = Directory.CreateTempSubdirectory("zsweep-metrics-").FullName;

    public void Dispose() => Directory.Delete(_artifacts, recursive: true);

    [Fact]
    public async Task Every_dashboard_query_returns_series_while_a_sweep_trains()
    {
        var cancel = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var queries = DashboardQuery.All();
        Assert.NotEmpty(queries);

        string connectionString = await postgres.CreateDatabaseAsync();
        PostgresSchema.Apply(connectionString);
        await using var silo = new SiloProcess("metrics-silo", connectionString, _artifacts);
        var metricsUrl = new Uri(new Uri(silo.HttpUrl), "/metrics");
        await using var prometheus = await PrometheusServer.StartAsync(metricsUrl, cancel);
        await using var client = await Eventually.Until(() =>
        {
            if (silo.HasExited) Assert.Fail($"Silo exited:{Environment.NewLine}{silo.Output}");
            return ClusterClient.ConnectAsync(connectionString, cancel);
        }, _ => true, Timeout, "a gateway");

        // Long arms on the silo's one CPU slot: the first one is still training when the dashboards are queried.
        var sweep = SweepBuilder.TwoByTwo("metrics", steps: 5000, concurrency: 2);
        await client.Grains.GetGrain<ISweepGrain>(sweep.Name).Create(sweep);

        var (at, arm) = await Eventually.Until(async () =>
        {
            var now = DateTimeOffset.UtcNow;
            var training = await prometheus.QueryAsync($"count_over_time(zimagesweep_train_step{{sweep=\"{sweep.Name}\"}}[1m]) >= {ScrapedSeconds}", now, cancel);
            var census = await prometheus.QueryAsync($"zimagesweep_arm_info{{sweep=\"{sweep.Name}\"}}", now, cancel);
            return (At: now, Arm: training.Series.Count == 1 && census.Series.Count == sweep.Arms.Length ? training.Series[0].Labels["arm"] : null);
        }, r => r.Arm is not null, Timeout, $"Prometheus to hold {ScrapedSeconds} s of training and the census");

        var values = new Dictionary<string, string>
        {
            ["sweep"] = sweep.Name,
            ["arm"] = arm!,
            ["instance"] = metricsUrl.Authority,
            ["__rate_interval"] = "10s",
            ["__interval"] = "2s",
            ["__range"] = "1m",
        };
        var failures = new List<string>();
        int series = 0;
        foreach (var query in queries)
        {
            var result = await prometheus.QueryAsync(query.Substitute(values), at, cancel);
            if (result.Error is not null) failures.Add($"{query}{Environment.NewLine}    fails: {result.Error}");
            else if (result.Series.Count == 0) failures.Add($"{query}{Environment.NewLine}    returns no series");
            series += result.Series.Count;
        }
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {queries.Count} dashboard queries (at {at:O}, values {string.Join(", ", values)}):{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");

        // Values, not only presence: one image per step at batch size 1 (a scrape may fall between the two counters'
        // updates, hence the tolerance), the step-time histogram in seconds, the training slot's worker memory, and
        // the census: one arm running on the silo's one slot, the other three queued.
        string ofSweep = $"sweep=\"{sweep.Name}\"";
        Assert.InRange(await ValueAsync(prometheus, $"sum(zimagesweep_train_images_total{{{ofSweep}}}) / sum(zimagesweep_train_steps_total{{{ofSweep}}})", at), 0.99, 1.01);
        // The stand-in reports 20 ms steps: the seconds buckets (not OpenTelemetry's millisecond defaults) put the median there.
        Assert.InRange(await ValueAsync(prometheus, $"histogram_quantile(0.5, sum by (le) (rate(zimagesweep_train_step_duration_seconds_bucket{{{ofSweep}}}[10s])))", at), 0.01, 0.025);
        Assert.InRange(await ValueAsync(prometheus, $"zimagesweep_slot_memory_used_bytes{{{ofSweep}, arm=\"{arm}\", device=\"cpu\"}}", at), 10e6, 10e9);
        Assert.Equal(1, await ValueAsync(prometheus, $"zimagesweep_experiments{{{ofSweep}, state=\"Running\"}}", at));
        Assert.Equal(3, await ValueAsync(prometheus, $"zimagesweep_experiments{{{ofSweep}, state=\"Queued\"}}", at));
        TestContext.Current.TestOutputHelper?.WriteLine($"{queries.Count} dashboard queries returned {series} series; {clock.Elapsed.TotalSeconds:F1} s in all");
    }

    static async Task<double> ValueAsync(PrometheusServer prometheus, string promQl, DateTimeOffset at)
    {
        var result = await prometheus.QueryAsync(promQl, at, TestContext.Current.CancellationToken);
        Assert.True(result.Error is null && result.Series.Count == 1, $"{promQl}: expected one series, got {result.Error ?? $"{result.Series.Count}"}");
        return result.Series[0].Number;
    }
}
