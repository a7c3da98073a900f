using ZImageSweep.Contracts.Gpu;

namespace ZImageSweep.Bench.Harness;

/// <summary>Memory a row used on the GPU, from NVML (see <see cref="GpuMemorySampler"/>).</summary>
/// <param name="BaselineBytes">device memory in use just before the row started.</param>
/// <param name="PeakBytes">the highest reading while the row ran.</param>
/// <param name="EndBytes">the last reading, after the row released its tensors.</param>
public sealed record GpuMemoryReading(long BaselineBytes, long PeakBytes, long EndBytes)
{
    public long PeakAboveBaselineBytes => Math.Max(0, PeakBytes - BaselineBytes);
}

/// <summary>
/// Polls NVML's used-memory counter of one GPU on a background thread every <see cref="Interval"/> while a row runs
/// and keeps the maximum. TorchSharp 0.107 has no CUDA memory statistics (docs/platform.md#torchsharp-0107-gaps), so this is the peak of the
/// memory the driver has handed out on the device: the tensors, cuBLAS/cuDNN workspaces, CUDA context growth and
/// everything libtorch's caching allocator keeps reserved — not <c>torch.cuda.max_memory_allocated</c>. It is
/// device-wide, so it equals this process's use only while no other process uses the GPU (the isolated runner
/// guarantees that for its own processes). Because TorchSharp cannot empty the allocator cache, reserved memory only
/// grows, so a short spike the poll misses still shows up in later readings.
/// </summary>
public sealed class GpuMemorySampler : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(2);

    readonly uint _index;
    readonly Thread _thread;
    readonly ManualResetEventSlim _stop = new();
    readonly long _baseline;
    long _peak;
    long _last;

    GpuMemorySampler(uint index, long baseline)
    {
        _index = index;
        _baseline = _peak = _last = baseline;
        _thread = new Thread(Poll) { IsBackground = true, Name = "nvml-memory-sampler" };
        _thread.Start();
    }

    /// <summary>Starts sampling GPU <paramref name="nvmlIndex"/>, or returns null when NVML cannot read it.</summary>
    public static GpuMemorySampler? TryStart(uint nvmlIndex) =>
        Nvml.TryReadMemoryUsed(nvmlIndex) is { } baseline ? new GpuMemorySampler(nvmlIndex, baseline) : null;

    /// <summary>Stops the poller (after one last reading) and returns baseline and peak.</summary>
    public GpuMemoryReading Stop()
    {
        if (!_stop.IsSet)
        {
            _stop.Set();
            _thread.Join();
            Record();
        }
        return new GpuMemoryReading(_baseline, Interlocked.Read(ref _peak), Interlocked.Read(ref _last));
    }

    void Poll()
    {
        while (!_stop.Wait(Interval)) Record();
    }

    void Record()
    {
        if (Nvml.TryReadMemoryUsed(_index) is not { } used) return;
        Interlocked.Exchange(ref _last, used);
        long seen = Interlocked.Read(ref _peak);
        while (used > seen)
        {
            long previous = Interlocked.CompareExchange(ref _peak, used, seen);
            if (previous == seen) break;
            seen = previous;
        }
    }

    /// <summary>
    /// The NVML index of CUDA device 0: the first entry of <c>CUDA_VISIBLE_DEVICES</c> when it is a number, else 0
    /// (NVML ignores that variable; UUID entries are not resolved).
    /// </summary>
    public static uint NvmlIndexOfCudaDevice0()
    {
        string? visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES");
        string first = visible?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return uint.TryParse(first, out uint index) ? index : 0;
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }
}
