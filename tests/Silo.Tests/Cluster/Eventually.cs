namespace ZImageSweep.Silo.Tests.Cluster;

/// <summary>
/// Bounded polling for state that changes in other processes, where there is no event to await: retries every
/// 250 ms (also when the probe throws while the cluster re-forms) and fails with the last observation after the timeout.
/// </summary>
internal static class Eventually
{
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
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
