namespace ZImageSweep.Sweeps;

/// <summary>
/// A <c>range:</c> axis as written: <see cref="Count"/> evenly spaced values (on <see cref="Scale"/>), or, without a
/// count (method tpe only), every number between the ends. <see cref="Integral"/>: whole numbers (integer ends on a
/// linear scale), so keys such as <c>network.linear</c> stay integers.
/// </summary>
public sealed record NumericRange(double From, double To, RangeScale Scale, bool Integral, int? Count)
{
    public bool IsContinuous => Count is null;
}
