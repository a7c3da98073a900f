namespace ZImageSweep.Grains.Interfaces.Trainers;

/// <summary>A GPU slot was asked to run an experiment while it runs another: slot accounting went wrong somewhere.</summary>
[GenerateSerializer, Alias("zsweep.SlotBusyException")]
public sealed class SlotBusyException : Exception
{
    public SlotBusyException(string slot, string runningExperiment, string requestedExperiment)
        : base($"GPU slot {slot} runs {runningExperiment} and cannot also run {requestedExperiment}.")
    {
        Slot = slot;
    }

    [Id(0)] public string Slot { get; }
}
