using System.Globalization;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>An allowed interval for a numeric key, with a readable description for error messages.</summary>
public readonly record struct DoubleRange(double Min, bool MinExclusive, double Max, bool MaxExclusive)
{
    public static readonly DoubleRange Positive = new(0, true, double.PositiveInfinity, false);
    public static readonly DoubleRange NonNegative = new(0, false, double.PositiveInfinity, false);
    public static readonly DoubleRange UnitInterval = new(0, false, 1, false);
    public static readonly DoubleRange OpenUnitInterval = new(0, true, 1, true);
    public static readonly DoubleRange Any = new(double.NegativeInfinity, false, double.PositiveInfinity, false);

    public bool Contains(double value) =>
        (MinExclusive ? value > Min : value >= Min) && (MaxExclusive ? value < Max : value <= Max);

    public override string ToString()
    {
        string low = MinExclusive ? $"> {F(Min)}" : $"≥ {F(Min)}";
        string high = MaxExclusive ? $"< {F(Max)}" : $"≤ {F(Max)}";
        if (double.IsPositiveInfinity(Max)) return $"a number {low}";
        if (double.IsNegativeInfinity(Min)) return $"a number {high}";
        return $"a number {low} and {high}";
    }

    static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
}
