using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>
/// One run of an experiment on a GPU slot. <see cref="RunId"/> is new each time the experiment is placed, so reports
/// from a worker of an earlier placement can be told apart and ignored.
/// </summary>
/// <param name="PackKey">The arm's base (<see cref="SlotDemand.PackKey"/>): arms of one slot's worker share it; empty before packing existed.</param>
/// <param name="MaxArms">The most arms the scheduler lets share this slot with this one (itself included; 1 = alone).</param>
[GenerateSerializer, Immutable, Alias("zsweep.TrainerAssignment")]
public sealed record TrainerAssignment(
    [property: Id(0)] string ExperimentKey,
    [property: Id(1)] Guid RunId,
    [property: Id(2)] string JobYaml,
    [property: Id(3)] CheckpointRef? ResumeFrom,
    [property: Id(4)] string PackKey = "",
    [property: Id(5)] int MaxArms = 1);
