using ZImageSweep.Grains.Interfaces.Errors;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>A sweep has no arm of that id (arms are created only by their sweep).</summary>
[GenerateSerializer, Alias("zsweep.ArmNotFoundException")]
public sealed class ArmNotFoundException : NotFoundException
{
    /// <param name="arms">The sweep's arm ids, listed in the message; empty where the caller does not know them.</param>
    public ArmNotFoundException(string sweep, string armId, IEnumerable<string> arms)
        : base($"Sweep '{sweep}' has no arm '{armId}'" + (arms.Any() ? $"; its arms: {string.Join(", ", arms)}." : "; zsweep status lists its arms."))
    {
        Sweep = sweep;
        ArmId = armId;
    }

    [Id(0)] public string Sweep { get; }
    [Id(1)] public string ArmId { get; }
}
