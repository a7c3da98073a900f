using ZImageSweep.Engine.Lora;

namespace ZImageSweep.Engine.Training.Packing;

/// <summary>One arm training in a pack: its run, and the runtime networks (its LoRA, its adapter) that must touch only its rows.</summary>
sealed class PackMember(PackedArm arm, ArmRun run)
{
    public PackedArm Arm { get; } = arm;
    public ArmRun Run { get; } = run;

    public IEnumerable<LoraNetwork> Networks => NetworksOf(Run.Session);

    public static IEnumerable<LoraNetwork> NetworksOf(TrainingSession session) =>
        session.Adapter is { } adapter ? [adapter.Network, session.Lora] : [session.Lora];

    /// <summary>Limits the arm's networks to its rows of the next concatenated batch.</summary>
    public void Limit(BatchRows rows)
    {
        foreach (LoraNetwork network in Networks) network.Rows = rows;
    }
}
