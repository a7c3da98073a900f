namespace ZImageSweep.Engine.Weights;

/// <summary>
/// Where a converted key's tensor comes from: <see cref="SourceKey"/> as is, or, when <see cref="Parts"/> &gt; 1,
/// the <see cref="Part"/>-th of <see cref="Parts"/> equal slices of it along dimension 0 (a fused qkv weight).
/// </summary>
public sealed record KeyMapping(string SourceKey, int Part = 0, int Parts = 1);
