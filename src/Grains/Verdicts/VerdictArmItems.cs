namespace ZImageSweep.Grains.Verdicts;

/// <summary>One compared arm's items of the verdict's metric at the verdict's step, keyed by item.</summary>
/// <param name="Replicates">The training runs (seeds) pooled into these items (<see cref="ReplicatePooling"/>).</param>
/// <param name="SeedSd">The standard deviation of the replicates' mean metric; null with fewer than two replicates.</param>
public sealed record VerdictArmItems(string Id, string Label, IReadOnlyDictionary<string, double> Items, int Replicates = 1, double? SeedSd = null);
