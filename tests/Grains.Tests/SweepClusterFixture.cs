using Orleans.TestingHost;

namespace ZImageSweep.Grains.Tests;

/// <summary>
/// Two in-process silos with one CPU slot each, grain state in a SQLite file, in-memory reminders with a 1 s
/// watchdog, and the stand-in worker as the training worker. Shared by the grain tests; each test uses its own sweep.
/// </summary>
public sealed class SweepClusterFixture : IAsyncLifetime
{
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("zsweep-grains-");

    public InProcessTestCluster Cluster { get; private set; } = null!;
    public string ArtifactRoot => Path.Combine(_root.FullName, "artifacts");
    public string DatabasePath => Path.Combine(_root.FullName, "state.db");
    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureSilo((_, silo) => TestSilo.Configure(silo, ArtifactRoot, DatabasePath, cpuSlots: 1, watchdogPeriod: TimeSpan.FromSeconds(1)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _root.Delete(recursive: true);
    }
}
