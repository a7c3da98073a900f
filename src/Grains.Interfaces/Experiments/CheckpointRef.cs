namespace ZImageSweep.Grains.Interfaces.Experiments;

/// <summary>A complete checkpoint on the artifact store: where it is, the step it holds, and the SHA-256 of the file.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.CheckpointRef")]
public sealed record CheckpointRef(
    [property: Id(0)] string Path,
    [property: Id(1)] long Step,
    [property: Id(2)] string Sha256);
