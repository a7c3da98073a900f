using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using TorchSharp;
using ZImageSweep.Bench.Report;
using ZImageSweep.Bench.Rows;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Harness;

/// <summary>Runs the selected rows (in this process or one process each) and assembles the report.</summary>
public sealed class BenchRunner(BenchOptions options, IAnsiConsole console)
{
    public BenchReport Run()
    {
        DateTimeOffset started = DateTimeOffset.UtcNow;
        long clock = Stopwatch.GetTimestamp();
        IReadOnlyList<BenchRow> rows = options.SelectRows();
        if (rows.Count == 0)
            throw new ArgumentException($"suite '{options.SuiteName}' has no rows");

        var results = new List<RowResult>(rows.Count);
        BenchContext? context = null;
        string? setupError = null;
        try
        {
            if (!options.Isolate) context = CreateContext();
        }
        catch (Exception e) when (e is InvalidOperationException or LibTorchLoadException)
        {
            setupError = e.Message; // every row fails the same way; the report still gets written
        }
        for (int i = 0; i < rows.Count; i++)
        {
            BenchRow row = rows[i];
            if (setupError is not null)
            {
                results.Add(Failed(row, setupError));
                continue;
            }
            if (!options.Child) console.MarkupLine($"[grey][[{i + 1}/{rows.Count}]][/] {Markup.Escape(row.Name)} …");
            TimeSpan? left = options.BudgetSeconds is { } budget ? TimeSpan.FromSeconds(budget) - Stopwatch.GetElapsedTime(clock) : null;
            TimeSpan timeout = TimeSpan.FromSeconds(options.RowTimeoutSeconds);
            RowResult result = left <= TimeSpan.Zero ? Failed(row, $"skipped: the run's --budget of {options.BudgetSeconds} s was used up")
                : context is null ? IsolatedRowRunner.Run(row, options, left < timeout ? left.Value : timeout)
                : RunHere(row, context);
            results.Add(result);
            if (!options.Child) console.MarkupLine($"      {Summary(result)}");
        }

        return new BenchReport
        {
            Suite = options.SuiteName,
            ReferenceSource = options.Reference?.Source,
            Device = options.Device,
            Size = options.Profile.Name,
            StartedUtc = started,
            TotalSeconds = Math.Round(Stopwatch.GetElapsedTime(clock).TotalSeconds, 2),
            Settings = new RunSettings(options.Forward.Iterations, options.Forward.Warmup, options.Sample.Iterations, options.Sample.Warmup,
                options.Isolate, options.Seed, options.RowFilter, options.Threads, options.BudgetSeconds),
            Machine = options.Child ? null : MachineInfo.Collect(), // after the rows: the doctor's CUDA check must not skew their memory
            Rows = [.. results.Select(WithReference)],
            Notes = Notes(),
        };
    }

    /// <summary>The same-run PyTorch reference beside the row (added here, in the parent, also for isolated rows).</summary>
    RowResult WithReference(RowResult row) => options.Reference?.For(row.Id) is { } reference
        ? row with { ReferenceMs = reference.MsMedian, ReferencePeakAllocatedGib = reference.PeakAllocatedGib }
        : row;

    BenchContext CreateContext()
    {
        LibTorchLoader.EnsureLoaded();
        if (options.Threads is { } threads) set_num_threads(threads);
        Device device = options.Device switch
        {
            "cuda" when cuda.is_available() => new Device(DeviceType.CUDA, 0),
            "cuda" => throw new InvalidOperationException(
                "--device cuda: CUDA is not available. Point LD_LIBRARY_PATH (or ZSWEEP_LIBTORCH) at a CUDA PyTorch's torch/lib and use a build made with -p:LibTorch=external."),
            _ => CPU,
        };
        if (device.type == DeviceType.CUDA)
        {
            // Create the CUDA context now, so the rows' memory baselines do not include it.
            using Tensor probe = ones(1, device: device);
            cuda.synchronize();
        }
        return new BenchContext(device, options.Profile, options.Forward, options.Sample, options.Seed,
            device.type == DeviceType.CUDA ? CudaAllocatorStats.TryLoad() : null);
    }

    RowResult RunHere(BenchRow row, BenchContext context)
    {
        GpuMemorySampler? sampler = context.IsCuda ? GpuMemorySampler.TryStart(GpuMemorySampler.NvmlIndexOfCudaDevice0()) : null;
        CudaAllocatorStats? allocator = context.Allocator;
        allocator?.ResetPeak();
        RowMeasurement? measured = null;
        string? error = null;
        try
        {
            measured = row.Run(context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error = $"{e.GetType().Name}: {e.Message}";
        }
        // Rows dispose what they build; this also runs finalizers of anything TorchSharp left to the GC, before the
        // sampler's last reading (the memory the row left behind).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GpuMemoryReading? memory = sampler?.Stop();
        sampler?.Dispose();

        var result = new RowResult
        {
            Id = row.Id, Name = row.Name, Suite = row.Suite.ToString().ToLowerInvariant(), DType = row.DType, Error = error,
            PeakGpuGib = memory is null ? null : Gib(memory.PeakAboveBaselineBytes),
            GpuBaselineGib = memory is null ? null : Gib(memory.BaselineBytes),
            GpuPeakAbsoluteGib = memory is null ? null : Gib(memory.PeakBytes),
            GpuLeftAfterRowGib = memory is null ? null : Gib(Math.Max(0, memory.EndBytes - memory.BaselineBytes)),
            PeakAllocatedGib = allocator is null ? null : Gib(allocator.PeakAllocatedBytes()),
        };
        if (measured is null) return result;
        TimingStats s = measured.Timing.Stats;
        return result with
        {
            MsMedian = Round(s.Median), MsP10 = Round(s.P10), MsP90 = Round(s.P90), MsMin = Round(s.Min), MsMax = Round(s.Max),
            MsMean = Round(s.Mean), MsSamples = s.Samples.Select(Round).ToList(),
            Iterations = measured.Timing.Plan.Iterations, Warmup = measured.Timing.Plan.Warmup,
            ImagesPerSecond = measured.ImagesPerIteration is { } n && s.Median > 0 ? Math.Round(n * 1000.0 / s.Median, 3) : null,
            SetupMs = Round(measured.SetupMs),
            LiveTensorGrowth = measured.Timing.LiveTensorGrowth,
            Metrics = measured.Metrics,
            Passed = measured.Passed,
            Note = measured.Note,
        };
    }

    List<string> Notes()
    {
        var notes = new List<string>
        {
            "Models have random weights of the real shapes, built directly on the device in the run dtype (no checkpoint loading, no CPU init); " +
            "prompt encodes use random token ids (tokenisation is not timed).",
            $"Timed iterations run inside a dispose scope each, with torch.cuda.synchronize() before and after; " +
            $"the end-to-end sample row uses {options.Sample.Iterations} timed + {options.Sample.Warmup} warm-up iterations, the others {options.Forward.Iterations} + {options.Forward.Warmup}.",
        };
        if (options.Profile.Name == "tiny") notes.Add("size tiny: the same rows on tiny models at 1/8 of the image side; numbers test the harness, not the engine's speed.");
        if (options.Profile.Name == "host") notes.Add("size host: tiny widths at the full model's depth; on a CPU a step's time is the engine's host overhead (what bounds a launch-bound GPU step), not its compute.");
        return notes;
    }

    static RowResult Failed(BenchRow row, string error) => new()
    {
        Id = row.Id, Name = row.Name, Suite = row.Suite.ToString().ToLowerInvariant(), DType = row.DType, Error = error,
    };

    static string Summary(RowResult r) => r.Error is not null
        ? $"[red]error[/] {Markup.Escape(r.Error)}"
        : string.Create(CultureInfo.InvariantCulture,
            $"median {r.MsMedian:0.###} ms (p10 {r.MsP10:0.###}, p90 {r.MsP90:0.###}), setup {r.SetupMs:0} ms{(r.PeakGpuGib is { } g ? $", peak {g:0.00} GiB" : "")}{(r.Note is null ? "" : $" · {Markup.Escape(r.Note)}")}");

    static double Gib(long bytes) => Math.Round(bytes / (double)(1L << 30), 3);
    static double Round(double ms) => Math.Round(ms, 4);
}
