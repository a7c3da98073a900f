namespace ZImageSweep.Silo.Tests;

/// <summary>
/// One PostgreSQL server for every test class that needs one, started when the first of them runs; each test takes a
/// database of its own. The classes of a collection run one after another, which also keeps the silo processes of
/// different classes from competing for the CPU.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
