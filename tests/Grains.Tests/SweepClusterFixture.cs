using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using ZImageSweep.Grains.Hosting;
using ZImageSweep.Silo.Hosting;

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
        builder.ConfigureSilo((options, silo) =>
        {
            var settings = new Dictionary<string, string>
            {
                ["Worker:Command"] = "dotnet",
                ["Worker:Arguments:0"] = Path.Combine(AppContext.BaseDirectory, "ZImageSweep.StandInWorker.dll"),
                ["Worker:StopTimeout"] = "00:00:05",
                ["Artifacts:Root"] = ArtifactRoot,
                ["Gpu:Mode"] = "Cpu",
                ["Gpu:CpuSlots"] = "1",
                ["Experiments:WatchdogPeriod"] = "00:00:01",
            };
            foreach (var (key, value) in settings) silo.Configuration[key] = value;
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.AddSweepSqliteStorage(DatabasePath);
            silo.UseInMemoryReminderService();
            silo.AddSweepGrains();
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _root.Delete(recursive: true);
    }
}
