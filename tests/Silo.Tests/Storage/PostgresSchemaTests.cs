using Npgsql;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Silo.Tests.Storage;

[Collection(PostgresCollection.Name), Trait(Tier.Name, Tier.Integration)]
public sealed class PostgresSchemaTests(PostgresServer postgres)
{
    static readonly string[] RequiredKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey", "UpdateIAmAlivetimeKey",
        "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
    ];

    [Fact]
    public async Task Apply_IsIdempotentAndProvidesEveryQueryOrleansNeeds()
    {
        string connectionString = await postgres.CreateDatabaseAsync();

        PostgresSchema.Apply(connectionString);
        PostgresSchema.Apply(connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) keys.Add(reader.GetString(0));
        Assert.Empty(RequiredKeys.Except(keys));
    }
}
