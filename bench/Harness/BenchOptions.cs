using System.Globalization;
using ZImageSweep.Bench.Models;
using ZImageSweep.Bench.Report;
using ZImageSweep.Bench.Rows;

namespace ZImageSweep.Bench.Harness;

/// <summary>A run's resolved options (the command line after defaults and validation).</summary>
public sealed record BenchOptions
{
    public required IReadOnlyList<BenchSuite> Suites { get; init; }
    /// <summary>"all", "inference" or "training", as given.</summary>
    public required string SuiteName { get; init; }
    /// <summary>"cuda" or "cpu".</summary>
    public required string Device { get; init; }
    public required BenchProfile Profile { get; init; }
    public required string Out { get; init; }
    public required IterationPlan Forward { get; init; }
    public required IterationPlan Sample { get; init; }
    public required bool Isolate { get; init; }
    public IReadOnlyList<string>? RowFilter { get; init; }
    public long Seed { get; init; } = 1234;
    /// <summary>libtorch intra-op CPU threads; null leaves libtorch's default (one per core).</summary>
    public int? Threads { get; init; }
    /// <summary>Seconds an isolated row may take before its process is killed.</summary>
    public int RowTimeoutSeconds { get; init; } = 300;
    /// <summary>Wall-clock seconds for the whole run (GPU minutes are scarce); null = unlimited.</summary>
    public int? BudgetSeconds { get; init; }
    /// <summary>The PyTorch reference measured in the same call (<c>--reference</c>); null shows no reference column values.</summary>
    public ReferenceRun? Reference { get; init; }
    /// <summary>Set in the processes the isolated runner starts: rows only, no table, no machine information.</summary>
    public bool Child { get; init; }

    /// <summary>The rows this run measures, in catalogue order.</summary>
    /// <exception cref="ArgumentException">a <c>--rows</c> id does not exist in the selected suites.</exception>
    public IReadOnlyList<BenchRow> SelectRows()
    {
        var all = Suites.SelectMany(s => RowCatalog.For(s, Profile)).ToList();
        if (RowFilter is null) return all;
        var unknown = RowFilter.Where(id => all.All(r => r.Id != id)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"unknown row id(s) {string.Join(", ", unknown)}; this suite and size have: {string.Join(", ", all.Select(r => r.Id))}");
        return all.Where(r => RowFilter.Contains(r.Id)).ToList();
    }

    /// <summary>The command line that runs one row of this configuration in a child process, writing its report to <paramref name="resultPath"/>.</summary>
    public IReadOnlyList<string> ChildArguments(string rowId, string resultPath) =>
    [
        .. Threads is { } threads ? new[] { "--threads", threads.ToString(CultureInfo.InvariantCulture) } : [],
        "--suite", SuiteName, "--device", Device, "--size", Profile.Name,
        "--iterations", Forward.Iterations.ToString(CultureInfo.InvariantCulture),
        "--warmup", Forward.Warmup.ToString(CultureInfo.InvariantCulture),
        "--sample-iterations", Sample.Iterations.ToString(CultureInfo.InvariantCulture),
        "--sample-warmup", Sample.Warmup.ToString(CultureInfo.InvariantCulture),
        "--seed", Seed.ToString(CultureInfo.InvariantCulture),
        "--rows", rowId, "--isolate", "off", "--child", "--out", resultPath,
    ];
}
