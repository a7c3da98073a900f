using ZImageSweep.Engine.Training.Packing;

namespace ZImageSweep.Engine.Tests.Training;

/// <summary>A fixed list of arms for a <see cref="PackedZImageTrainer"/>: the pack ends when the list is used up and no arm trains; outcomes in the order the arms ended.</summary>
sealed class ArmQueue(IEnumerable<PackedArm> arms) : IArmFeed
{
    readonly Queue<PackedArm> _waiting = new(arms);

    public List<PackedArmOutcome> Outcomes { get; } = [];

    public PackedArm? Next(bool packEmpty) => _waiting.TryDequeue(out PackedArm? arm) ? arm : null;

    public bool WaitForArms() => false; // Next gave nothing with the pack empty: the list is used up

    public void Ended(PackedArm arm, PackedArmOutcome outcome) => Outcomes.Add(outcome);
}
