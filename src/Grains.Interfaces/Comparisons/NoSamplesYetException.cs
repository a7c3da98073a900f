using ZImageSweep.Grains.Interfaces.Errors;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>An arm exists but has written no samples yet, so there is nothing of it to compare.</summary>
[GenerateSerializer, Alias("zsweep.NoSamplesYetException")]
public sealed class NoSamplesYetException : NotFoundException
{
    public NoSamplesYetException(string sweep, string armId, string armLabel)
        : base($"Arm {armLabel} of sweep '{sweep}' has no samples yet.")
    {
        Sweep = sweep;
        ArmId = armId;
    }

    [Id(0)] public string Sweep { get; }
    [Id(1)] public string ArmId { get; }
}
