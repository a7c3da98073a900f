using ZImageSweep.Grains.Interfaces.Experiments;

namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>
/// One run of an experiment on a GPU slot. <see cref="RunId"/> is new each time the experiment is placed, so reports
/// from a worker of an earlier placement can be told apart and ignored.
/// </summary>
[GenerateSerializer, Immutable, Alias("zsweep.TrainerAssignment")]
public sealed record TrainerAssignment(
    [property: Id(0)] string ExperimentKey,
    [property: Id(1)] Guid RunId,
    [property: Id(2)] string JobYaml,
    [property: Id(3)] CheckpointRef? ResumeFrom);
