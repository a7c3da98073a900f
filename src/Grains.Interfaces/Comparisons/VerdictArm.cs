using System.Text.Json.Serialization;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>One compared arm at the verdict's step: the mean of its items, how many, and the 95 % bootstrap half-width of that mean.</summary>
/// <param name="Replicates">Training runs (seeds) behind the items: with <c>replicates: N</c> the arm is a configuration and its items are items × seeds.</param>
/// <param name="SeedSd">The standard deviation of the replicates' mean metric, the noise floor of training; null with one replicate.</param>
[GenerateSerializer, Immutable, Alias("zsweep.VerdictArm")]
public sealed record VerdictArm(
    [property: Id(0), JsonPropertyName("id")] string Id,
    [property: Id(1), JsonPropertyName("label")] string Label,
    [property: Id(2), JsonPropertyName("mean")] double Mean,
    [property: Id(3), JsonPropertyName("n")] int N,
    [property: Id(4), JsonPropertyName("replicates")] int Replicates,
    [property: Id(5), JsonPropertyName("ci_half_width")] double CiHalfWidth,
    [property: Id(6), JsonPropertyName("seed_sd")] double? SeedSd = null);
