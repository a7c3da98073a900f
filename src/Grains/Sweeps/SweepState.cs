using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Sweeps;

/// <summary>A sweep's durable state: its definition, which arms were handed to experiments, and which finished.</summary>
[GenerateSerializer, Alias("zsweep.SweepState")]
public sealed class SweepState
{
    [Id(0)] public SweepDefinition? Definition { get; set; }
    [Id(1)] public List<string> StartedArms { get; set; } = [];
    [Id(2)] public List<string> FinishedArms { get; set; } = [];
    /// <summary>While paused no further arms are started.</summary>
    [Id(3)] public bool Paused { get; set; }
    /// <summary>A cancelled sweep starts nothing again; its unstarted arms count as cancelled.</summary>
    [Id(4)] public bool Cancelled { get; set; }
    /// <summary>An adaptive search's finished arms with their objective values, in the order observed (its proposals are the definition's arms).</summary>
    [Id(5)] public List<SearchObservation> Observations { get; set; } = [];
    /// <summary>A search's finished arms whose objective is still to be read; no arm is proposed while any is.</summary>
    [Id(6)] public List<string> PendingObservations { get; set; } = [];
}
