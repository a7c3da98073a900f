using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps;

/// <summary>
/// One job key varied by a sweep. <see cref="Where"/> locates the axis in the spec (<c>axes[2]</c>) so errors can
/// name it together with <see cref="Name"/>.
/// </summary>
public sealed record SweepAxis(string Name, JobKeyPath Path, string Where, IReadOnlyList<AxisValue> Values)
{
    public string Describe() => $"axis '{Name}' ({Where}, {Path.Text})";
}
