using Npgsql;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>Starts silo processes on a fresh PostgreSQL database and a client, and waits until all are active.</summary>
internal static class TwoSiloCluster
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<(SiloProcess A, SiloProcess B, ClusterClient Client, string ConnectionString)> StartAsync(
        PostgresServer postgres, string artifacts, IReadOnlyList<string>? workerArguments = null)
    {
        string connectionString = await postgres.CreateDatabaseAsync();
        PostgresSchema.Apply(connectionString);
        var a = new SiloProcess("silo-a", connectionString, artifacts, workerArguments);
        var b = new SiloProcess("silo-b", connectionString, artifacts, workerArguments);
        return (a, b, await ConnectWhenActiveAsync([a, b], connectionString), connectionString);
    }

    /// <summary>A client of the cluster, once every one of <paramref name="silos"/> is active (fails early when one exits).</summary>
    public static async Task<ClusterClient> ConnectWhenActiveAsync(IReadOnlyList<SiloProcess> silos, string connectionString)
    {
        var client = await Eventually.Until(() =>
        {
            foreach (var silo in silos)
                if (silo.HasExited) Assert.Fail($"Silo {silo.Name} exited:{Environment.NewLine}{silo.Output}");
            return ClusterClient.ConnectAsync(connectionString, TestContext.Current.CancellationToken);
        }, _ => true, Timeout, "a gateway");
        await Eventually.Until(() => CountActiveSilos(connectionString), n => n == silos.Count, Timeout, $"all {silos.Count} silos to be active");
        return client;
    }

    /// <summary>
    /// The crash scenario: waits until <paramref name="experiment"/> has a checkpoint at <paramref name="checkpointStep"/>
    /// or later and SIGKILLs the silo whose slot trains it. Returns the snapshot seen just before the kill (its recorded
    /// checkpoint) and the killed silo.
    /// </summary>
    public static async Task<(ExperimentSnapshot Running, SiloProcess Victim)> KillTrainingSiloAsync(
        IExperimentGrain experiment, long checkpointStep, SiloProcess a, SiloProcess b, TimeSpan timeout)
    {
        var running = await Eventually.Until(experiment.GetSnapshot, s => s.LastCheckpoint?.Step >= checkpointStep, timeout, $"a checkpoint at step {checkpointStep}");
        var victim = running.Slot!.StartsWith($"{a.Name}/", StringComparison.Ordinal) ? a : b;
        victim.Kill();
        return (running, victim);
    }

    public static async Task<long> ExperimentStatesStored(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM OrleansStorage WHERE GrainTypeString LIKE '%experiment%' AND PayloadBinary IS NOT NULL", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    static async Task<long> CountActiveSilos(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM OrleansMembershipTable WHERE Status = 3", connection);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
