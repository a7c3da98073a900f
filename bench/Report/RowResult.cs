using System.Text.Json.Serialization;

namespace ZImageSweep.Bench.Report;

/// <summary>One row of the table and of the JSON. Times in ms; memory in GiB (2^30 bytes).</summary>
public sealed record RowResult
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Suite { get; init; }
    [JsonPropertyName("dtype")]
    public required string DType { get; init; }
    public double? MsMedian { get; init; }
    public double? MsP10 { get; init; }
    public double? MsP90 { get; init; }
    public double? MsMin { get; init; }
    public double? MsMax { get; init; }
    public double? MsMean { get; init; }
    public IReadOnlyList<double>? MsSamples { get; init; }
    public int Iterations { get; init; }
    public int Warmup { get; init; }
    public double? ImagesPerSecond { get; init; }
    /// <summary>NVML peak minus the reading just before the row (weights included); null without NVML (CPU).</summary>
    public double? PeakGpuGib { get; init; }
    public double? GpuBaselineGib { get; init; }
    public double? GpuPeakAbsoluteGib { get; init; }
    /// <summary>
    /// NVML after the row released its tensors, minus the baseline. In a run without the caching allocator
    /// (PYTORCH_NO_CUDA_MEMORY_CACHING=1) this is device memory that is not tensors: kernel images CUDA loads on first
    /// use, cuBLAS handles and workspaces — part of <see cref="PeakGpuGib"/>, but not of torch.cuda.max_memory_allocated.
    /// </summary>
    public double? GpuLeftAfterRowGib { get; init; }
    /// <summary>libtorch's own peak of allocated tensor memory during the row (torch.cuda.max_memory_allocated), from the native shim; null without it.</summary>
    public double? PeakAllocatedGib { get; init; }
    /// <summary>Untimed construction of the random models and inputs.</summary>
    public double? SetupMs { get; init; }
    /// <summary>Live TorchSharp tensors after the last timed iteration minus after the first; > 0 means a leak.</summary>
    public long? LiveTensorGrowth { get; init; }
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }
    /// <summary>The PyTorch reference's median for this row from the same run (<see cref="ReferenceRun"/>), when one was given.</summary>
    public double? ReferenceMs { get; init; }
    /// <summary>The PyTorch reference's peak allocated GiB for this row (torch.cuda.max_memory_allocated).</summary>
    public double? ReferencePeakAllocatedGib { get; init; }
    /// <summary>ms_median / reference_ms: below 1 is faster than the reference.</summary>
    public double? VsReference => ReferenceMs is { } r && MsMedian is { } m ? Math.Round(m / r, 3) : null;
    public bool? Passed { get; init; }
    public string? Note { get; init; }
    /// <summary>Why the row has no numbers (exception, or the exit of its isolated process).</summary>
    public string? Error { get; init; }
    /// <summary>True when the row ran in a process of its own.</summary>
    public bool Isolated { get; init; }

    public bool Ok => Error is null && Passed != false && LiveTensorGrowth is null or 0;
}
