using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Silo.Hosting;

/// <summary>
/// Embedded mode keeps reminders in memory, so after a restart no watchdog would wake the unfinished experiments;
/// this start-up task asks every sweep to re-arm them, and they continue from their last checkpoints.
/// </summary>
public sealed class ResumeUnfinishedExperiments(IGrainFactory grains) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        var sweeps = await grains.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Singleton).List();
        foreach (string sweep in sweeps) await grains.GetGrain<ISweepGrain>(sweep).Recover();
    }
}
