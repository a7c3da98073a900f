using Microsoft.Extensions.Options;

namespace ZImageSweep.Grains.Workers;

/// <summary>Checks <see cref="ArtifactOptions"/> at silo start.</summary>
public sealed class ArtifactOptionsValidator : IValidateOptions<ArtifactOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactOptions options) =>
        string.IsNullOrWhiteSpace(options.Root) || !Path.IsPathRooted(options.Root)
            ? ValidateOptionsResult.Fail($"{nameof(ArtifactOptions)}.{nameof(ArtifactOptions.Root)} must be an absolute path. Set {ArtifactOptions.Section}:{nameof(ArtifactOptions.Root)} (env Artifacts__Root); in a cluster use a path on a volume every silo mounts.")
            : ValidateOptionsResult.Success;
}
