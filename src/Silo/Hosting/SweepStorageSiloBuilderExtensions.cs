using ZImageSweep.Grains;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Silo.Hosting;

public static class SweepStorageSiloBuilderExtensions
{
    /// <summary>
    /// Grain state in a SQLite file (embedded mode and grain tests): applies the project's schema, then registers the
    /// ADO.NET provider as <see cref="StorageNames.Grains"/>.
    /// </summary>
    public static ISiloBuilder AddSweepSqliteStorage(this ISiloBuilder builder, string path)
    {
        SqliteSchema.Apply(path);
        return builder.AddAdoNetGrainStorage(StorageNames.Grains, o =>
        {
            o.Invariant = SqliteSchema.Invariant;
            o.ConnectionString = SqliteSchema.ConnectionString(path);
        });
    }
}
