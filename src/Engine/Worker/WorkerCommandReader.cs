using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.Engine.Worker;

/// <summary>
/// Reads supervisor commands from stdin on a background thread (WorkerProtocol): a start becomes a known arm that joins
/// the training loop at its next step boundary; stop, save-now and sample-now become that arm's
/// <see cref="Training.TrainingControl"/> requests, commit and abandon answer its <see cref="SupervisorFence"/>, drain
/// stops every arm. End of stdin means the supervisor is gone: the process exits at once, without saving, so a worker
/// orphaned by a crashed silo never races the replacement that resumes its arms.
/// </summary>
public static class WorkerCommandReader
{
    public static void Start(TextReader stdin, WorkerArms arms, WorkerOutput output)
    {
        var thread = new Thread(() =>
        {
            while (stdin.ReadLine() is { } line)
            {
                if (!WorkerProtocol.TryParseCommand(line, out WorkerCommandLine? command))
                    output.Log($"ignoring unrecognised command line: {line}");
                else
                    Route(command!, arms, output);
            }
            output.Log("stdin closed: the supervisor is gone, exiting without saving");
            ImmediateExit.With(WorkerProtocol.SupervisorGoneExitCode);
        }) { IsBackground = true, Name = "worker stdin" };
        thread.Start();
    }

    static void Route(WorkerCommandLine command, WorkerArms arms, WorkerOutput output)
    {
        switch (command.Command)
        {
            case WorkerCommand.Start:
                var arm = new WorkerArm(command.Run!, command.Job!, command.ResumeFrom, output);
                if (arms.Add(arm)) return;
                if (arms.Draining) arm.Observer.Failed("the worker is draining: it starts no more arms");
                else output.Log($"ignoring a repeated start for run {command.Run}, which this worker already trains");
                return;
            case WorkerCommand.Drain:
                output.Log("drain: every arm stops with a checkpoint, then the worker exits");
                arms.Drain();
                return;
        }
        if (arms.Find(command.Run!) is not { } known)
        {
            output.Log($"ignoring {WorkerProtocol.Format(command)}: this worker trains no such run");
            return;
        }
        switch (command.Command)
        {
            case WorkerCommand.Stop: known.Control.RequestStop(); break;
            case WorkerCommand.SaveNow: known.Control.RequestSave(); break;
            case WorkerCommand.SampleNow: known.Control.RequestSample(); break;
            case WorkerCommand.Commit: known.Fence.Answer(true); break;
            case WorkerCommand.Abandon: known.Fence.Answer(false); break;
        }
    }
}
