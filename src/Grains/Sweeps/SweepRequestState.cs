using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Sweeps;

/// <summary>A client request id's durable state: the first request made under it, null until one is.</summary>
[GenerateSerializer, Alias("zsweep.SweepRequestState")]
public sealed class SweepRequestState
{
    [Id(0)] public SweepRequest? First { get; set; }
}
