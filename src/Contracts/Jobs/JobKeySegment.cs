namespace ZImageSweep.Contracts.Jobs;

/// <summary>One step of a <see cref="JobKeyPath"/>: a mapping key, optionally followed by a list index.</summary>
public sealed record JobKeySegment(string Key, int? Index);
