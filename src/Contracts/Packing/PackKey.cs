using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Packing;

/// <summary>
/// What arms must share to train together in one worker (issue 18, "Packed arms"): the frozen base (<see cref="BaseKey"/>)
/// and how each step calls it (<see cref="StepShape"/>, which the packed trainer checks too). Everything else — rank,
/// targets, learning rate, optimizer, training adapter (a per-arm runtime LoRA when packed), data — may differ between
/// packed arms. The
/// scheduler packs only arms of equal keys; the worker refuses a <c>start</c> on another base, naming
/// <see cref="BaseKey.Difference"/>.
/// </summary>
public sealed record PackKey(BaseKey Base, StepShape Step)
{
    public static PackKey Of(ProcessConfig process) => new(BaseKey.Of(process), StepShape.Of(process.Train));

    /// <summary>Whether the arm may share a worker at all (<see cref="StepShape.Packable"/>).</summary>
    public static bool Packable(ProcessConfig process) => StepShape.Of(process.Train).Packable;

    /// <summary>The job key (<c>model.name_or_path</c>, …) of the first field that differs from <paramref name="other"/>, or null when the keys are equal.</summary>
    public string? FirstDifference(PackKey other) =>
        Fields().Zip(other.Fields()).Where(p => p.First.Value != p.Second.Value).Select(p => p.First.JobKey).FirstOrDefault();

    /// <summary>One line, the same for equal keys: what the scheduler compares and shows.</summary>
    public override string ToString() => string.Join(" | ", Fields().Select(f => $"{f.JobKey}={f.Value}"));

    IEnumerable<(string JobKey, string Value)> Fields() =>
    [
        .. Base.Fields(),
        .. Step.Fields(),
    ];
}
