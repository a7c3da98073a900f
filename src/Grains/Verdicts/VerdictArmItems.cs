namespace ZImageSweep.Grains.Verdicts;

/// <summary>One arm's items of the verdict's metric at the verdict's step, keyed by item.</summary>
public sealed record VerdictArmItems(string Id, string Label, IReadOnlyDictionary<string, double> Items);
