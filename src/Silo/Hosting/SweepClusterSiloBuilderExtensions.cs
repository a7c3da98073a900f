using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ZImageSweep.Grains;
using ZImageSweep.Grains.Workers;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Silo.Hosting;

public static class SweepClusterSiloBuilderExtensions
{
    /// <summary>
    /// Cluster mode: membership, grain state and reminders in PostgreSQL through the Orleans ADO.NET providers, on the
    /// project's own schema (applied here when <see cref="SiloHostOptions.ApplySchemaAtStart"/>, else by <c>zsweep db migrate</c>),
    /// and the <see cref="ClusterReachWatch"/> that stops this silo's workers when it loses its place in the cluster.
    /// </summary>
    public static ISiloBuilder AddClusterMode(this ISiloBuilder silo, SiloHostOptions options)
    {
        string connectionString = options.PostgresConnectionString!;
        if (options.ApplySchemaAtStart) PostgresSchema.Apply(connectionString);
        silo.ConfigureEndpoints(System.Net.IPAddress.Parse(options.AdvertisedAddress), options.SiloPort, options.GatewayPort);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresSchema.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(StorageNames.Grains, o =>
        {
            o.Invariant = PostgresSchema.Invariant;
            o.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresSchema.Invariant;
            o.ConnectionString = connectionString;
        });
        // A silo cut off from the others must not keep training arms they have taken over (docs/platform.md#fencing).
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddHostedService<ClusterReachWatch>();
        return silo;
    }
}
