using ZImageSweep.Contracts.Packing;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Engine.Training.Packing;

namespace ZImageSweep.Engine.Worker;

/// <summary>
/// The long-lived training worker of one GPU slot (WorkerProtocol, issue 18): arms come and go by <c>start</c>
/// commands and train together on one resident base (<see cref="PackedZImageTrainer"/> over <see cref="ResidentBase"/>),
/// each joining at a step boundary and resuming from its own newest complete checkpoint. A start for another base is
/// refused while arms train and swaps the base once none does. Commands and events are per run; the process ends with
/// 0 after a drain, or with WorkerProtocol.SupervisorGoneExitCode when stdin closes (<see cref="WorkerCommandReader"/>).
/// </summary>
/// <param name="isUserError">Whether a failure is bad input (its message is the reason) rather than a bug (the reason names the exception type, the log has its stack).</param>
public sealed class SlotWorker(WorkerOutput output, Func<Exception, bool> isUserError) : IArmFeed, IDisposable
{
    readonly WorkerArms _arms = new();
    readonly Dictionary<PackedArm, (WorkerArm Arm, ZImageLora? Adapter)> _training = new(ReferenceEqualityComparer.Instance);
    ResidentBase? _base;
    (WorkerArm Arm, JobConfig Job)? _next;
    bool _swap;

    /// <returns>The exit code: 0 once drained.</returns>
    public int Run(TextReader commands)
    {
        WorkerCommandReader.Start(commands, _arms, output);
        while ((_next ?? TakeStart()) is { } start)
        {
            _next = start;
            _swap = false;
            if (!Rebase(start.Arm, start.Job)) continue;
            new PackedZImageTrainer(_base!.Models, this).Run();
        }
        return 0;
    }

    /// <summary>The next started arm whose job loads, waiting for one; null once drained.</summary>
    (WorkerArm Arm, JobConfig Job)? TakeStart()
    {
        while (_arms.WaitForStart() && _arms.TryTake(out WorkerArm arm))
            if (LoadJob(arm) is { } job) return (arm, job);
        return null;
    }

    /// <summary>Makes the job's base the resident one: kept when its key matches, else the old one freed and the new one loaded.</summary>
    bool Rebase(WorkerArm arm, JobConfig job)
    {
        BaseKey key = BaseKey.Of(job.Process);
        if (_base?.Key == key) return true;
        if (_base is not null)
        {
            output.Log($"unloading base {_base.Key.NameOrPath}: run {arm.Run} needs {key.NameOrPath} ({key.Difference(_base.Key)?.Key})");
            _base.Dispose();
            _base = null;
        }
        try
        {
            _base = ResidentBase.Load(job, output.Log);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _next = null;
            Fail(arm, e);
            return false;
        }
    }

    public PackedArm? Next(bool packEmpty)
    {
        if (_next is { } first)
        {
            _next = null;
            if (Admit(first.Arm, first.Job) is { } admitted) return admitted;
        }
        while (_arms.TryTake(out WorkerArm arm))
        {
            if (LoadJob(arm) is not { } job) continue;
            if (BaseKey.Of(job.Process).Difference(_base!.Key) is { } difference)
            {
                if (packEmpty)
                {
                    // No arm trains: end this base's pack, and Run loads the other base for this arm.
                    (_next, _swap) = ((arm, job), true);
                    return null;
                }
                Fail(arm, new PackCompatibilityException(job.Name, difference.Key, $"{difference.Reason}, on which arms are training"));
                continue;
            }
            if (Admit(arm, job) is { } admitted) return admitted;
        }
        return null;
    }

    public bool WaitForArms() => !_swap && _arms.WaitForStart();

    public void Ended(PackedArm packed, PackedArmOutcome outcome)
    {
        var (arm, adapter) = _training[packed];
        _training.Remove(packed);
        adapter?.Dispose();
        _arms.Remove(arm.Run);
        switch (outcome)
        {
            case { Failure: CheckpointFencedException fenced }:
                arm.Observer.Message(fenced.Message);
                arm.Observer.Fenced();
                break;
            case { Failure: { } failure }:
                Report(arm, failure);
                break;
            case { Finished: false }:
                arm.Observer.Stopped();
                break;
            // Finished: ArmRun wrote the finished event with the final LoRA.
        }
    }

    PackedArm? Admit(WorkerArm arm, JobConfig job)
    {
        try
        {
            ZImageLora? adapter = _base!.ReadAdapter(job);
            var packed = new PackedArm(JobTrainerOptions.From(job), adapter, arm.Observer, arm.Control);
            _training[packed] = (arm, adapter);
            return packed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(arm, e);
            return null;
        }
    }

    JobConfig? LoadJob(WorkerArm arm)
    {
        try
        {
            if (arm.ResumeFrom is { } resume && !File.Exists(resume))
                arm.Observer.Message($"warning: resume_from {resume} does not exist; resuming from the newest complete checkpoint found");
            return TrainingJob.Load(arm.JobPath);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(arm, e);
            return null;
        }
    }

    void Fail(WorkerArm arm, Exception e)
    {
        _arms.Remove(arm.Run);
        Report(arm, e);
    }

    void Report(WorkerArm arm, Exception e)
    {
        bool expected = isUserError(e);
        if (!expected) arm.Observer.Message(e.ToString());
        arm.Observer.Failed(expected ? e.Message : $"{e.GetType().Name}: {e.Message}");
    }

    public void Dispose()
    {
        _base?.Dispose();
        _base = null;
    }
}
