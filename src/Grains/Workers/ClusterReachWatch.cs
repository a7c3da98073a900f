using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace ZImageSweep.Grains.Workers;

/// <summary>
/// Stops this silo's workers when the silo loses its place in the cluster (cluster mode). Every probe timeout it reads
/// its own row of the membership table: a row marked Dead (the others voted it out) fences the workers off at once;
/// a table out of reach for as long as the others need to declare this silo dead (probe timeout × missed probes, the
/// earliest a replacement can start) fences them off too, because from here a partition and a dead cluster look
/// alike. Reaching the table again as a live member readmits workers. Checkpoint commits are fenced separately
/// (WorkerProtocol); this bounds how long an orphaned worker keeps a GPU busy.
/// </summary>
public sealed class ClusterReachWatch(
    IMembershipTable table,
    ILocalSiloDetails silo,
    WorkerHost workers,
    IOptions<ClusterMembershipOptions> membership,
    TimeProvider time,
    ILogger<ClusterReachWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        TimeSpan period = membership.Value.ProbeTimeout;
        TimeSpan deathWindow = membership.Value.ProbeTimeout * membership.Value.NumMissedProbesLimit;
        DateTimeOffset lastReached = time.GetUtcNow();
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            SiloStatus? status = await ReadOwnStatusAsync(period, stoppingToken);
            if (status == SiloStatus.Dead)
            {
                workers.FenceOff("the cluster declared this silo dead");
            }
            else if (status is not null)
            {
                lastReached = time.GetUtcNow();
                workers.Readmit();
            }
            else if (time.GetUtcNow() - lastReached >= deathWindow)
            {
                workers.FenceOff($"the membership table has been out of reach since {lastReached:O}, as long as the cluster takes to declare this silo dead ({deathWindow})");
            }
        }
    }

    /// <summary>This silo's status in the table; null when the table cannot be read within <paramref name="timeout"/>.</summary>
    async Task<SiloStatus?> ReadOwnStatusAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        try
        {
            var data = await table.ReadRowAsync(silo.SiloAddress, stoppingToken).WaitAsync(timeout, time, stoppingToken);
            return data.Members.Select(m => m.Item1).FirstOrDefault(e => e.SiloAddress.Equals(silo.SiloAddress))?.Status;
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            Log.MembershipUnreachable(logger, e);
            return null;
        }
    }
}
