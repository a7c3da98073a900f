using System.Globalization;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Grids;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Verdicts;

namespace ZImageSweep.Grains.Comparisons;

/// <summary>
/// Lays rows of samples out as a <see cref="SampleGrid"/>, a column per prompt and a sub-row per LoRA weight when the
/// samples have several. A step grid has a row per arm (named by its differing axes); an arm's strip has a row per
/// sample step. Row labels carry the checkpoint's validation signals, each with the 95 % half-width of its mean over
/// items where the worker wrote them; a row that has not reached its step keeps its place, marked "not reached".
/// </summary>
public static class ComparisonGrid
{
    public const string NotReached = "not reached";

    /// <summary>Every arm at one step, titled with the sweep and the step.</summary>
    public static void WriteStep(string path, string sweep, StepComparison step) => Write(path, $"{sweep} · step {step.Step}", step.Arms);

    /// <summary>One arm at each of its sample steps (<paramref name="steps"/> labelled by step), titled with the sweep and the arm.</summary>
    public static void WriteStrip(string path, string sweep, string armLabel, IReadOnlyList<ArmStepSamples> steps) =>
        Write(path, $"{sweep} · {armLabel} across steps", steps);

    /// <exception cref="ArgumentException">No row has samples: there is nothing to lay out.</exception>
    static void Write(string path, string title, IReadOnlyList<ArmStepSamples> rows)
    {
        var samples = rows.SelectMany(r => r.Samples).ToList();
        if (samples.Count == 0) throw new ArgumentException($"Nothing to compare for '{title}': no samples.", nameof(rows));
        var prompts = samples.GroupBy(s => s.PromptIndex).OrderBy(g => g.Key).Select(g => g.First()).ToList();
        var weights = samples.Select(s => s.LoraWeight).Distinct().Order().ToList();
        var lines = rows.SelectMany(row => weights.Select(weight => (Row: row, Weight: weight))).ToList();
        var cells = lines.Select(line => (IReadOnlyList<string?>)prompts
            .Select(p => line.Row.Samples.LastOrDefault(s => s.PromptIndex == p.PromptIndex && s.LoraWeight == line.Weight)?.Path)
            .ToList()).ToList();
        SampleGrid.Write(path, title, lines.Select(line => RowLabel(line.Row, weights.Count > 1 ? line.Weight : null)).ToList(),
            prompts.Select(p => $"{p.PromptIndex}: {p.Prompt}").ToList(), cells, missingText: NotReached);
    }

    /// <summary>One line each: the arm, the LoRA weight (only when the grid has several), "not reached", every validation signal present (± its half-width).</summary>
    public static string RowLabel(ArmStepSamples arm, double? loraWeight)
    {
        var lines = new List<string> { arm.Label };
        if (loraWeight is { } weight) lines.Add($"LoRA weight {Format(weight)}");
        if (!arm.Reached) lines.Add($"({NotReached})");
        if (arm.Validation is { } v)
        {
            var items = ValidationItemFiles.TryRead(v);
            if (v.ValidationLoss is { } loss) lines.Add($"val loss {Format(loss)}{HalfWidth(items, ComparisonMetric.ValidationLoss)}");
            if (v.TurboDrift is { } drift) lines.Add($"drift {Format(drift)}{HalfWidth(items, ComparisonMetric.TurboDrift)}");
            if (v.TriggerLeakage is { } leakage) lines.Add($"leakage {Format(leakage)}{HalfWidth(items, ComparisonMetric.TriggerLeakage)}");
        }
        return string.Join('\n', lines);
    }

    /// <summary>
    /// " ± h" with two significant digits (a half-width is itself only a rough number), or nothing with fewer than two
    /// items: one item has no spread to measure, and "± 0" would claim a certainty it does not have.
    /// </summary>
    static string HalfWidth(ValidationItems? items, ComparisonMetric metric) =>
        items is not null && ValidationItemFiles.Of(items, metric) is { Count: > 1 } values
            ? $" ± {ItemMean.Of(values).Interval.HalfWidth.ToString("G2", CultureInfo.InvariantCulture)}"
            : "";

    static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
