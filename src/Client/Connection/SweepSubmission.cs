using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// A sweep to create, validated here: its expanded <see cref="Definition"/> (what a grain takes) and its spec with the
/// base job inline (<see cref="ZImageSweep.Sweeps.InlinedSweepSpec"/>, what a server takes).
/// </summary>
public sealed record SweepSubmission(SweepDefinition Definition, string InlinedSpec);
