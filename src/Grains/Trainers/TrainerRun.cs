using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Trainers;

/// <summary>What a <see cref="TrainerGrain"/> knows of one run on its slot.</summary>
sealed class TrainerRun(TrainerAssignment assignment)
{
    public TrainerAssignment Assignment { get; private set; } = assignment;

    /// <summary>The newest verified checkpoint: the assignment's resume point, then each one the worker reports.</summary>
    public CheckpointRef? LastCheckpoint { get; private set; } = assignment.ResumeFrom;

    /// <summary>Restarts since the last new checkpoint (the budget counts failures without progress).</summary>
    public int Restarts { get; set; }

    /// <summary>The run reported its end (finished, stopped, failed): it is being told to the experiment.</summary>
    public bool Ended { get; set; }

    /// <summary>The same run assigned again (its worker lost it): resume from the newer of its own and the assignment's checkpoint.</summary>
    public void Reassign(TrainerAssignment assignment)
    {
        Assignment = assignment;
        if ((assignment.ResumeFrom?.Step ?? -1) > (LastCheckpoint?.Step ?? -1)) LastCheckpoint = assignment.ResumeFrom;
        Restarts = 0;
    }

    public void Checkpointed(CheckpointRef file)
    {
        // A new checkpoint renews the restart budget, so crashes spread over a long run do not add up to a failed arm.
        if (file.Step > (LastCheckpoint?.Step ?? -1)) Restarts = 0;
        LastCheckpoint = file;
    }
}
