using System.Globalization;
using ZImageSweep.Engine.Imaging;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Comparisons;

/// <summary>
/// Lays one sample step out as a <see cref="SampleGrid"/>: a row per arm (a sub-row per LoRA weight when the samples
/// have several), a column per prompt. Row labels name the arm by its differing axes and carry the checkpoint's
/// validation signals; an arm that has not reached the step keeps its row, marked "not reached".
/// </summary>
public static class StepGrid
{
    public const string NotReached = "not reached";

    /// <exception cref="ArgumentException">No arm has samples at the step: there is nothing to lay out.</exception>
    public static void Write(string path, string sweep, StepComparison step)
    {
        var samples = step.Arms.SelectMany(a => a.Samples).ToList();
        if (samples.Count == 0) throw new ArgumentException($"No arm of sweep '{sweep}' has samples at step {step.Step}.", nameof(step));
        var prompts = samples.GroupBy(s => s.PromptIndex).OrderBy(g => g.Key).Select(g => g.First()).ToList();
        var weights = samples.Select(s => s.LoraWeight).Distinct().Order().ToList();
        var rows = step.Arms.SelectMany(arm => weights.Select(weight => (Arm: arm, Weight: weight))).ToList();
        var cells = rows.Select(row => (IReadOnlyList<string?>)prompts
            .Select(p => row.Arm.Samples.LastOrDefault(s => s.PromptIndex == p.PromptIndex && s.LoraWeight == row.Weight)?.Path)
            .ToList()).ToList();
        SampleGrid.Write(path, $"{sweep} · step {step.Step}",
            rows.Select(row => RowLabel(row.Arm, weights.Count > 1 ? row.Weight : null)).ToList(),
            prompts.Select(p => $"{p.PromptIndex}: {p.Prompt}").ToList(), cells, missingText: NotReached);
    }

    /// <summary>One line each: the arm, the LoRA weight (only when the grid has several), "not reached", every validation signal present.</summary>
    public static string RowLabel(ArmStepSamples arm, double? loraWeight)
    {
        var lines = new List<string> { arm.Label };
        if (loraWeight is { } weight) lines.Add($"LoRA weight {Format(weight)}");
        if (!arm.Reached) lines.Add($"({NotReached})");
        if (arm.Validation is { } v)
        {
            if (v.ValidationLoss is { } loss) lines.Add($"val loss {Format(loss)}");
            if (v.TurboDrift is { } drift) lines.Add($"drift {Format(drift)}");
            if (v.TriggerLeakage is { } leakage) lines.Add($"leakage {Format(leakage)}");
        }
        return string.Join('\n', lines);
    }

    static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
