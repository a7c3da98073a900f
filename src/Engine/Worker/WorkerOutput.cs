using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.Engine.Worker;

/// <summary>
/// The worker process's two streams (WorkerProtocol): events as JSON lines on stdout, human-readable logs on stderr.
/// Shared by every arm and the command reader, so lines from different threads never interleave.
/// </summary>
public sealed class WorkerOutput(TextWriter events, TextWriter log)
{
    readonly Lock _gate = new();

    public void Emit(WorkerEvent e)
    {
        lock (_gate)
        {
            events.WriteLine(WorkerProtocol.Format(e));
            events.Flush();
        }
    }

    public void Log(string text)
    {
        lock (_gate)
        {
            log.WriteLine(text);
            log.Flush();
        }
    }
}
