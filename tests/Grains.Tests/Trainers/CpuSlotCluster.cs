using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// One in-process silo offering <c>n</c> CPU slots to the stand-in worker, with its log events recorded. The watchdog
/// ticks only every 10 minutes, so within a test a waiting arm can get a slot only by the scheduler handing it one.
/// </summary>
internal sealed class CpuSlotCluster : IAsyncDisposable
{
    readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("zsweep-slots-");
    InProcessTestCluster _cluster = null!;

    public SiloEventLog Log { get; } = new();
    public string ArtifactRoot => Path.Combine(_root.FullName, "artifacts");
    public IGrainFactory Grains => _cluster.Client;

    public static async Task<CpuSlotCluster> StartAsync(int slots)
    {
        var cluster = new CpuSlotCluster();
        var builder = new InProcessTestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureSilo((_, silo) =>
        {
            TestSilo.Configure(silo, cluster.ArtifactRoot, Path.Combine(cluster._root.FullName, "state.db"), slots, TimeSpan.FromMinutes(10));
            silo.Services.AddSingleton<ILoggerProvider>(cluster.Log);
        });
        cluster._cluster = builder.Build();
        await cluster._cluster.DeployAsync();
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _root.Delete(recursive: true);
    }
}
