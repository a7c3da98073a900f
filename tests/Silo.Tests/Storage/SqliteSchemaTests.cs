using Microsoft.Data.Sqlite;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Silo.Tests.Storage;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SqliteSchemaTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-sqlite-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Apply_IsIdempotentAndProvidesThePersistenceQueries()
    {
        string path = Path.Combine(_dir, "nested", "state.db");

        SqliteSchema.Apply(path);
        SqliteSchema.Apply(path);

        using var connection = new SqliteConnection(SqliteSchema.ConnectionString(path));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read()) keys.Add(reader.GetString(0));
        Assert.Equal(["ClearStorageKey", "ReadFromStorageKey", "WriteToStorageKey"], keys);
    }
}
