using System.Reflection;
using System.Text.Json;

namespace ZImageSweep.Engine.Training.Timesteps;

/// <summary>Which loss-weight table the <c>weighted</c> timestep type uses (docs/training.md#weighted-tables).</summary>
public enum WeightedTable
{
    /// <summary>ai-toolkit's table since 2026-04-13 ("calculated using flex.1-alpha", mean 1).</summary>
    Current,

    /// <summary>The bell curve that actually ran from Nov 2025 to 2026-04-13 (an if/elif bug); matches Dec 2025 LoRAs.</summary>
    LegacyBell,
}

/// <summary>
/// Per-index loss weights of ai-toolkit's <c>weighted</c> timestep type. Index i refers to
/// <c>linspace(1000, 1, 1000)</c>: t = 1000 − i, σ = t / 1000, so i = 0 is pure noise.
/// </summary>
public static class TimestepWeighting
{
    public const int TableLength = 1000;

    static readonly Lazy<double[]> CurrentTable = new(LoadCurrent);
    static readonly Lazy<double[]> BellTable = new(ComputeBell);

    public static IReadOnlyList<double> Table(WeightedTable table) => table switch
    {
        WeightedTable.Current => CurrentTable.Value,
        WeightedTable.LegacyBell => BellTable.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };

    /// <summary>y(i) = exp(−2·((i − 500)/1000)²), shifted to a zero minimum and scaled to sum to 1000 (mean 1).</summary>
    static double[] ComputeBell()
    {
        var y = Enumerable.Range(0, TableLength).Select(i => Math.Exp(-2 * Math.Pow((i - 500) / 1000.0, 2))).ToArray();
        double min = y.Min();
        double sum = y.Sum(v => v - min);
        return y.Select(v => (v - min) * TableLength / sum).ToArray();
    }

    /// <summary>The current table is data, not a formula: it ships as an embedded copy of ai-toolkit's (MIT) table.</summary>
    static double[] LoadCurrent()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ZImageSweep.Engine.default_weighing_scheme.json")
                              ?? throw new InvalidOperationException("embedded resource default_weighing_scheme.json is missing from the build");
        using JsonDocument json = JsonDocument.Parse(stream);
        double[] weights = json.RootElement.GetProperty("weights").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        if (weights.Length != TableLength) throw new InvalidOperationException($"default_weighing_scheme.json has {weights.Length} weights, expected {TableLength}");
        return weights;
    }
}
