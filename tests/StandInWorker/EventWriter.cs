using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.StandInWorker;

/// <summary>Writes protocol events to stdout, one whole line at a time although several arms write at once.</summary>
public sealed class EventWriter(TextWriter stdout)
{
    public void Emit(WorkerEvent e)
    {
        lock (stdout)
        {
            stdout.WriteLine(WorkerProtocol.Format(e));
            stdout.Flush();
        }
    }
}
