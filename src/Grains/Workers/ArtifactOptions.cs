namespace ZImageSweep.Grains.Workers;

/// <summary>Where checkpoints, samples and logs go (configuration section <c>Artifacts</c>).</summary>
public sealed class ArtifactOptions
{
    public const string Section = "Artifacts";

    /// <summary>The artifact root; in a cluster a path every silo sees (shared volume). Required.</summary>
    public string Root { get; set; } = "";
}
