using ZImageSweep.Engine.Training;

namespace ZImageSweep.Engine.Worker;

/// <summary>
/// One arm the worker was told to start (WorkerProtocol's <c>start</c>): its run, job file and the checkpoint the
/// supervisor expects a resume from, and the control, fence and observer its commands and events go through from the
/// moment the start is read, before the arm joins the training loop.
/// </summary>
public sealed class WorkerArm
{
    public WorkerArm(string run, string jobPath, string? resumeFrom, WorkerOutput output)
    {
        (Run, JobPath, ResumeFrom) = (run, jobPath, resumeFrom);
        Observer = new WorkerTrainingObserver(run, output);
        Fence = new SupervisorFence(run, Observer, Contracts.Workers.WorkerProtocol.CommitAnswerTimeout);
        Control = new TrainingControl { Fence = Fence };
    }

    public string Run { get; }
    public string JobPath { get; }
    public string? ResumeFrom { get; }
    public WorkerTrainingObserver Observer { get; }
    public SupervisorFence Fence { get; }
    public TrainingControl Control { get; }
}
