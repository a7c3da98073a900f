using Npgsql;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Storage;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>Two silo processes on a real PostgreSQL plus a client: the cluster as it runs in production, on one machine.</summary>
[Trait("Tier", "Integration")]
public sealed class TwoSiloClusterTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    readonly string _artifacts = Directory.CreateTempSubdirectory("zsweep-cluster-").FullName;

    public void Dispose() => Directory.Delete(_artifacts, recursive: true);

    static SweepDefinition Sweep(string name, string axes, int steps, int stepMs) => SweepExpander.Expand(SweepSpecParser.Parse($$"""
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
          meta: { fake_step_ms: "{{stepMs}}" }
        axes:
        {{axes}}
        """, "spec.yaml", Path.GetTempPath()));

    async Task<(SiloProcess A, SiloProcess B, ClusterClient Client, string ConnectionString)> StartClusterAsync()
    {
        string connectionString = await postgres.CreateDatabaseAsync();
        PostgresSchema.Apply(connectionString);
        var a = new SiloProcess("silo-a", connectionString, _artifacts);
        var b = new SiloProcess("silo-b", connectionString, _artifacts);
        var client = await Eventually.Until(() =>
        {
            foreach (var silo in new[] { a, b })
                if (silo.HasExited) Assert.Fail($"Silo {silo.Name} exited:{Environment.NewLine}{silo.Output}");
            return ClusterClient.ConnectAsync(connectionString, TestContext.Current.CancellationToken);
        }, _ => true, Timeout, "a gateway");
        await Eventually.Until(() => CountActiveSilos(connectionString), n => n == 2, Timeout, "both silos to be active");
        return (a, b, client, connectionString);
    }

    static async Task<long> CountActiveSilos(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM OrleansMembershipTable WHERE Status = 3", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task TwoByTwoSweep_CompletesAcrossTwoSiloProcesses_WithStateInPostgres()
    {
        var (a, b, client, connectionString) = await StartClusterAsync();
        await using var _a = a;
        await using var _b = b;
        await using var _client = client;
        var definition = Sweep("grid", """
              - { name: rank, key: network.linear, values: [4, 8] }
              - { name: lr, key: train.lr, values: [1e-4, 2e-4] }
            """, steps: 12, stepMs: 20);

        await client.Grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        var done = await Eventually.Until(() => client.Grains.GetGrain<ISweepGrain>(definition.Name).GetSnapshot(),
            s => s.IsFinished, Timeout, "the sweep to finish");

        Assert.All(done.Arms, arm => Assert.Equal(ExperimentStatus.Completed, arm.Status));
        string workerLogs = string.Concat(done.Arms.Select(arm =>
            File.ReadAllText(Path.Combine(_artifacts, "sweeps", definition.Name, arm.ArmId, "logs", "worker.log"))));
        Assert.Contains("slot silo-a/0", workerLogs);
        Assert.Contains("slot silo-b/0", workerLogs);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM OrleansStorage WHERE GrainTypeString LIKE '%experiment%' AND PayloadBinary IS NOT NULL", connection);
        Assert.Equal(4L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
