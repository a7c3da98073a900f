using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>
/// One run of an experiment on a GPU slot. <see cref="RunId"/> is new each time the experiment is placed, so reports
/// from a worker of an earlier placement can be told apart and ignored. <see cref="MaxArms"/> and
/// <see cref="PackKey"/> say whom the run may share the slot's worker process with (issue 18): at most
/// <see cref="MaxArms"/> runs at once, all of one <see cref="PackKey"/> (the frozen base they share; null packs only
/// with null). The defaults keep the slot to one arm at a time.
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.TrainerAssignment")]
public sealed record TrainerAssignment(
    [property: Id(0)] string ExperimentKey,
    [property: Id(1)] Guid RunId,
    [property: Id(2)] string JobYaml,
    [property: Id(3)] CheckpointRef? ResumeFrom,
    [property: Id(4)] int MaxArms = 1,
    [property: Id(5)] string? PackKey = null)
{
    /// <summary>Whether this run may join a slot whose worker trains <paramref name="others"/>.</summary>
    public bool CanJoin(IReadOnlyCollection<TrainerAssignment> others) =>
        others.Count < MaxArms && others.All(o => o.PackKey == PackKey && o.MaxArms > others.Count);
}
