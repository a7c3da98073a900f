using ZImageSweep.Grains.Interfaces.Errors;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>No sweep of that name was ever created.</summary>
[GenerateSerializer, Alias("zsweep.SweepNotFoundException")]
public sealed class SweepNotFoundException : NotFoundException
{
    public SweepNotFoundException(string sweep)
        : base($"No sweep named '{sweep}' exists; zsweep ls lists the sweeps.")
    {
        Sweep = sweep;
    }

    [Id(0)] public string Sweep { get; }
}
