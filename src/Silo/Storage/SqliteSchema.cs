using Microsoft.Data.Sqlite;

namespace ZImageSweep.Silo.Storage;

/// <summary>Creates or updates the embedded-mode SQLite database (Main + Persistence); safe to run at every start.</summary>
public static class SqliteSchema
{
    /// <summary>The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite (docs/platform.md#sqlite-grain-storage).</summary>
    public const string Invariant = "System.Data.SQLite";

    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder { DataSource = path }.ToString();

    public static void Apply(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var connection = new SqliteConnection(ConnectionString(path));
        connection.Open();
        // WAL lets readers proceed while a grain writes, and recovers cleanly after a killed process.
        Execute(connection, null, "PRAGMA journal_mode = WAL;");
        using var transaction = connection.BeginTransaction();
        foreach (var (_, sql) in SchemaScripts.For("Sqlite")) Execute(connection, transaction, sql);
        transaction.Commit();
    }

    static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
