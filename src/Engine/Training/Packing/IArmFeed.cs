namespace ZImageSweep.Engine.Training.Packing;

/// <summary>
/// Where a <see cref="PackedZImageTrainer"/> gets its arms and tells how each ended: a fixed list, or the slot worker's
/// inbox of <c>start</c> commands (Worker/SlotWorker), which arms join at any step boundary.
/// </summary>
public interface IArmFeed
{
    /// <summary>
    /// The next arm that may join now, or null when none is waiting. Called between steps; <paramref name="packEmpty"/>
    /// says that no arm trains, so an arm that needs another base may end the pack instead (<see cref="WaitForArms"/>).
    /// </summary>
    PackedArm? Next(bool packEmpty);

    /// <summary>
    /// The pack is empty and <see cref="Next"/> gave nothing: blocks (without spinning) until an arm may be waiting
    /// (true) or the pack is over (false: nothing more will come for this base).
    /// </summary>
    bool WaitForArms();

    /// <summary>The arm left the pack (finished, stopped, failed or fenced); its networks are already gone.</summary>
    void Ended(PackedArm arm, PackedArmOutcome outcome);
}
