using ZImageSweep.Engine.Imaging;
using ZImageSweep.Engine.Training;

namespace ZImageSweep.Client.Rendering;

/// <summary>One arm of a sweep as the grids label it.</summary>
public sealed record GridArm(string ArmId, string Label);

/// <summary>A grid written to disk, and the arms that had no sample at its step (shown as "not reached", not dropped).</summary>
public sealed record GridResult(string Path, int Step, IReadOnlyList<string> MissingArms);

/// <summary>
/// Step-matched comparison grids from the artifact store: rows are arms (labelled by their axis values), columns are
/// the preview prompts, one grid per step, read from each arm's <c>samples/index.jsonl</c>.
/// </summary>
public static class SweepGrids
{
    public static string DefaultPath(string artifactsRoot, string sweep, int step) =>
        Path.Combine(artifactsRoot, "sweeps", sweep, "grids", $"step_{step:D9}.png");

    public static GridResult Build(string artifactsRoot, string sweep, IReadOnlyList<GridArm> arms, int step, string? outPath = null)
    {
        var samples = arms.Select(arm => Samples(artifactsRoot, sweep, arm).Where(s => s.Step == step).ToList()).ToList();
        var prompts = samples.SelectMany(s => s).GroupBy(s => s.PromptIndex).OrderBy(g => g.Key).Select(g => g.First()).ToList();
        if (prompts.Count == 0) throw new InvalidOperationException($"no arm of sweep '{sweep}' has preview samples at step {step}");
        var cells = samples.Select(armSamples => (IReadOnlyList<string?>)prompts
            .Select(p => armSamples.LastOrDefault(s => s.PromptIndex == p.PromptIndex)?.Path).ToList()).ToList();
        string path = outPath ?? DefaultPath(artifactsRoot, sweep, step);
        SampleGrid.Write(path, $"{sweep} · step {step}", arms.Select(a => a.Label).ToList(),
            prompts.Select(p => $"{p.PromptIndex}: {p.Prompt}").ToList(), cells, missingText: "not reached");
        var missing = arms.Where((_, i) => samples[i].Count == 0).Select(a => a.Label).ToList();
        return new GridResult(path, step, missing);
    }

    /// <summary>The sample steps every arm has reached.</summary>
    public static IReadOnlyList<int> StepsAllArmsReached(string artifactsRoot, string sweep, IReadOnlyList<GridArm> arms) =>
        arms.Select(arm => Samples(artifactsRoot, sweep, arm).Select(s => s.Step).ToHashSet())
            .Aggregate((a, b) => { a.IntersectWith(b); return a; })
            .Order().ToList();

    static IReadOnlyList<SampleImage> Samples(string artifactsRoot, string sweep, GridArm arm) =>
        SampleIndex.Read(Path.Combine(artifactsRoot, "sweeps", sweep, arm.ArmId, "samples"));
}
