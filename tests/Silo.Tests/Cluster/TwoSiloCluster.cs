using Npgsql;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>Starts two silo processes on a fresh PostgreSQL database and a client, and waits until both are active.</summary>
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
        var client = await Eventually.Until(() =>
        {
            foreach (var silo in new[] { a, b })
                if (silo.HasExited) Assert.Fail($"Silo {silo.Name} exited:{Environment.NewLine}{silo.Output}");
            return ClusterClient.ConnectAsync(connectionString, TestContext.Current.CancellationToken);
        }, _ => true, Timeout, "a gateway");
        await Eventually.Until(() => CountActiveSilos(connectionString), n => n == 2, Timeout, "both silos to be active");
        return (a, b, client, connectionString);
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
