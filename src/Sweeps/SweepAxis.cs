using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps;

/// <summary>
/// One job key varied by a sweep. <see cref="Where"/> locates the axis in the spec (<c>axes[2]</c>) so errors can
/// name it together with <see cref="Name"/>. <see cref="Range"/> is the range it was written as, if any; a continuous
/// range (method tpe) has no <see cref="Values"/>.
/// </summary>
public sealed record SweepAxis(string Name, JobKeyPath Path, string Where, IReadOnlyList<AxisValue> Values, NumericRange? Range = null)
{
    public string Describe() => $"axis '{Name}' ({Where}, {Path.Text})";
}
