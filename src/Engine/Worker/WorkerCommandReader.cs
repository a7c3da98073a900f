using ZImageSweep.Contracts.Workers;
using ZImageSweep.Engine.Training;

namespace ZImageSweep.Engine.Worker;

/// <summary>
/// Reads supervisor commands from stdin on a background thread and turns them into <see cref="TrainingControl"/>
/// requests. End of stdin means the supervisor is gone (WorkerProtocol): the process exits at once, without saving,
/// so a worker orphaned by a crashed silo never races the replacement that resumes its experiment. Commit and abandon
/// answer the supervisor fence's pending question (ignored by a worker started without a run id).
/// </summary>
public static class WorkerCommandReader
{
    public static void Start(TextReader stdin, TrainingControl control, SupervisorFence? fence, Action<string> log)
    {
        var thread = new Thread(() =>
        {
            while (stdin.ReadLine() is { } line)
            {
                if (!WorkerProtocol.TryParseCommand(line, out var command))
                {
                    log($"ignoring unrecognised command line: {line}");
                    continue;
                }
                switch (command!.Command)
                {
                    case WorkerCommand.Stop or WorkerCommand.Drain: control.RequestStop(); break;
                    case WorkerCommand.SaveNow: control.RequestSave(); break;
                    case WorkerCommand.SampleNow: control.RequestSample(); break;
                    case WorkerCommand.Commit: fence?.Answer(true); break;
                    case WorkerCommand.Abandon: fence?.Answer(false); break;
                }
            }
            log("stdin closed: the supervisor is gone, exiting without saving");
            Environment.Exit(WorkerProtocol.SupervisorGoneExitCode);
        }) { IsBackground = true, Name = "worker stdin" };
        thread.Start();
    }
}
