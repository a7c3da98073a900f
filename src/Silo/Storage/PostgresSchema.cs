using Npgsql;

namespace ZImageSweep.Silo.Storage;

/// <summary>Creates or updates the cluster's PostgreSQL schema (Main, Clustering, Persistence, Reminders); idempotent.</summary>
public static class PostgresSchema
{
    public const string Invariant = "Npgsql";

    public static void Apply(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        // Two silos may start at once against a fresh database: serialise the migration on an advisory lock.
        using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7253)", connection, transaction)) lockCommand.ExecuteNonQuery();
        foreach (var (_, sql) in SchemaScripts.For("PostgreSql"))
        {
            using var command = new NpgsqlCommand(sql, connection, transaction);
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
