using System.Diagnostics;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// One owner per home. The first command to open a home takes its <see cref="HomeLock"/> and hosts the silo; any other
/// command becomes a client of that silo, found through the <see cref="HomeOwner"/> record. An owner that does not
/// train (a <see cref="HomeUse.Inspect"/> command, done in seconds) or whose silo is still starting is waited for.
/// </summary>
public static class HomeOwnership
{
    /// <value>Long enough for a silo to start or a read-only command to finish on a loaded machine.</value>
    static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);

    /// <summary>The lock is a file lock without a wait queue: polling it is the only way to wait for it.</summary>
    static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(200);

    /// <exception cref="HomeBusyException">The home's owner neither served clients nor let go within the wait limit.</exception>
    public static async Task<HomeClaim> ClaimAsync(string home, HomeUse use, string command, Action<string> say, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        HomeOwner? announced = null;
        while (true)
        {
            if (HomeLock.TryAcquire(home) is { } owned)
            {
                owned.Record(new HomeOwner(Environment.ProcessId, command, use));
                return new HomeClaim(owned, null);
            }
            var owner = HomeOwner.Read(home);
            if (owner is { IsServing: true, Use: HomeUse.Train } && owner.IsAlive) return new HomeClaim(null, owner);
            if (waited.Elapsed > WaitLimit)
                throw new HomeBusyException($"{home} is held by {owner?.Describe() ?? "another process"}, which did not let go or serve clients within {WaitLimit.TotalSeconds:0} s; try again when it has ended.");
            if (owner is not null && owner != announced && owner.IsAlive)
            {
                say($"Waiting for {owner.Describe()}, which holds {home} ...");
                announced = owner;
            }
            await Task.Delay(PollPeriod, cancellationToken);
        }
    }
}
