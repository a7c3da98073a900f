namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>What one client request id asked for: a sweep of this name, from a request body with this SHA-256.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.SweepRequest")]
public sealed record SweepRequest(
    [property: Id(0)] string Sweep,
    [property: Id(1)] string BodySha256);
