using System.Diagnostics;
using ZImageSweep.Bench.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Harness;

/// <summary>Everything a row needs: where it runs, what size, how many iterations, and the timer.</summary>
public sealed class BenchContext
{
    public BenchContext(Device device, BenchProfile profile, IterationPlan forward, IterationPlan sample, long seed, CudaAllocatorStats? allocator = null)
    {
        Allocator = allocator;
        Device = device;
        Profile = profile;
        Forward = forward;
        Sample = sample;
        Seed = seed;
        Timer = new IterationTimer(Synchronize);
    }

    public Device Device { get; }
    /// <summary>libtorch's CUDA allocator statistics when the native shim is loaded (CUDA only), else null.</summary>
    public CudaAllocatorStats? Allocator { get; }
    public bool IsCuda => Device.type == DeviceType.CUDA;
    public BenchProfile Profile { get; }
    /// <summary>Iterations of every row except the end-to-end sample.</summary>
    public IterationPlan Forward { get; }
    /// <summary>Iterations of the end-to-end sample row (seconds each at full size, so fewer).</summary>
    public IterationPlan Sample { get; }
    /// <summary>Seeds weights (<c>torch.manual_seed</c>) and inputs (CPU generators), so runs are repeatable.</summary>
    public long Seed { get; }
    public IterationTimer Timer { get; }

    /// <summary>Waits for queued GPU work; a no-op on the CPU.</summary>
    public void Synchronize()
    {
        if (IsCuda) cuda.synchronize();
    }

    /// <summary>Runs <paramref name="build"/> (model construction, inputs) and returns what it built with its wall time in ms, queued GPU work included.</summary>
    public (T Value, double Milliseconds) Setup<T>(Func<T> build)
    {
        Synchronize();
        long start = Stopwatch.GetTimestamp();
        T value = build();
        Synchronize();
        return (value, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    /// <summary>Standard-normal inputs drawn on a seeded CPU generator, then moved: identical on every device.</summary>
    public Tensor RandomNormal(long[] shape, ScalarType dtype, long salt)
    {
        using var generator = new Generator(unchecked((ulong)(Seed * 1000 + salt)), CPU);
        return randn(shape, ScalarType.Float32, CPU, generator: generator).to(dtype, Device);
    }

    /// <summary>Random token ids in [0, vocab) on the CPU, as a tokenizer would hand them to the encoder.</summary>
    public Tensor RandomTokenIds(int count, int vocab, long salt)
    {
        using var generator = new Generator(unchecked((ulong)(Seed * 1000 + salt)), CPU);
        return randint(0, vocab, [1, count], ScalarType.Int64, CPU, generator: generator);
    }
}
