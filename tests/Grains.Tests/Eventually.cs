namespace ZImageSweep.Grains.Tests;

/// <summary>
/// Bounded polling for state that changes in other processes (workers) or on reminder ticks, where there is no
/// event to await: checks every 100 ms and fails with the last observed value after the timeout.
/// </summary>
internal static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}; last seen: {last}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
            last = await probe();
        }
        return last;
    }
}
