namespace ZImageSweep.TestSupport;

/// <summary>
/// Bounded polling for state that changes in other processes (workers, silos) or on reminder ticks, where there is no
/// event to await: probes every 100 ms, also when a probe throws (a cluster that is still forming, a gateway not yet
/// listening), and fails with the last observation after the timeout. The timeout is a bound on a hang, never on
/// speed: callers give minutes, not the time the work should take.
/// </summary>
public static class Eventually
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        object? last = null;
        while (true)
        {
            try
            {
                T value = await probe();
                if (done(value)) return value;
                last = value;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                last = e.Message;
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}; last seen: {last}");
            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }
}
