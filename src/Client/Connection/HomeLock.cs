namespace ZImageSweep.Client.Connection;

/// <summary>
/// The exclusive lock that makes one process the owner of a home: an OS file lock on <c>&lt;home&gt;/owner.lock</c>
/// (<see cref="FileShare.None"/>, an advisory <c>flock</c> on Unix). The OS drops it when its process dies, however it
/// dies, so a home whose owner is gone is simply free again: taking it over needs no guessing about stale files.
/// </summary>
public sealed class HomeLock : IDisposable
{
    public const string FileName = "owner.lock";

    readonly FileStream _lock;

    HomeLock(string home, FileStream @lock)
    {
        Home = home;
        _lock = @lock;
    }

    public string Home { get; }

    /// <summary>What this process last recorded about itself.</summary>
    public HomeOwner? Owner { get; private set; }

    /// <summary>The lock, or null when another process holds it.</summary>
    /// <exception cref="UnauthorizedAccessException">The home is not writable.</exception>
    public static HomeLock? TryAcquire(string home)
    {
        Directory.CreateDirectory(home);
        try
        {
            return new HomeLock(home, new FileStream(Path.Combine(home, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Tells other commands who owns the home and, once its silo listens, where to reach it.</summary>
    public void Record(HomeOwner owner)
    {
        owner.Write(Home);
        Owner = owner;
    }

    /// <summary>Removes the owner record, then the lock: a reader never finds the lock free and the record current.</summary>
    public void Dispose()
    {
        File.Delete(HomeOwner.PathIn(Home));
        _lock.Dispose();
    }
}
