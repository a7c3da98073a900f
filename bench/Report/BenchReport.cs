namespace ZImageSweep.Bench.Report;

/// <summary>The JSON document <c>--out</c> receives; the table prints the same content.</summary>
public sealed record BenchReport
{
    public const string SchemaName = "zsweep-bench/1";

    /// <summary>How the memory column is measured; printed under the table and stored in the JSON.</summary>
    public const string MemoryMethodText =
        "peak_gpu_gib = NVML device memory used (nvmlDeviceGetMemoryInfo, polled every 2 ms on a background thread) at its peak during the row " +
        "minus the reading just before the row (before its models were built, after CUDA was initialised). It is the memory the process " +
        "holds on the GPU: weights, activations, cuBLAS/cuDNN workspaces and everything libtorch's caching allocator keeps reserved — " +
        "NOT torch.cuda.max_memory_allocated (TorchSharp 0.107 has no CUDA memory statistics). NVML counts the whole device, so this equals " +
        "the row's process memory only while nothing else uses the GPU; isolated rows (one process each, the CUDA default) guarantee that " +
        "for the benchmark's own processes.";

    /// <summary>
    /// True when libtorch's CUDA caching allocator is off for this run (PyTorch's <c>PYTORCH_NO_CUDA_MEMORY_CACHING=1</c>,
    /// inherited by the row processes): every free goes back to the driver, so NVML's peak follows the live tensors.
    /// </summary>
    public static bool UncachedAllocator => Environment.GetEnvironmentVariable("PYTORCH_NO_CUDA_MEMORY_CACHING") == "1";

    const string UncachedText =
        "This run had the caching allocator OFF (PYTORCH_NO_CUDA_MEMORY_CACHING=1): memory is returned to the driver on every free, so the " +
        "peak is that of the live tensors plus CUDA/cuBLAS workspaces — comparable to torch.cuda.max_memory_allocated (plus those workspaces), " +
        "while times are slower than normal (each free synchronises) and must be taken from a normal run.";

    public string Schema { get; init; } = SchemaName;
    public required string Suite { get; init; }
    /// <summary>Where the reference column comes from (<see cref="ReferenceRun.Source"/>); null when the run had none.</summary>
    public string? ReferenceSource { get; init; }
    public required string Device { get; init; }
    public required string Size { get; init; }
    public required DateTimeOffset StartedUtc { get; init; }
    public double TotalSeconds { get; init; }
    public required RunSettings Settings { get; init; }
    public MachineInfo? Machine { get; init; }
    public string MemoryMethod { get; init; } = UncachedAllocator ? MemoryMethodText + " " + UncachedText : MemoryMethodText;
    public required IReadOnlyList<RowResult> Rows { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];

    public bool Ok => Rows.Count > 0 && Rows.All(r => r.Ok);
}

/// <summary>The resolved options of a run.</summary>
public sealed record RunSettings(int Iterations, int Warmup, int SampleIterations, int SampleWarmup, bool Isolated, long Seed, IReadOnlyList<string>? RowFilter, int? Threads, int? BudgetSeconds);
