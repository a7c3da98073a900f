using System.Diagnostics;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.Grains.Workers;

/// <summary>One running worker process: its stdin for commands, and the tail of its stderr for failure reasons.</summary>
public sealed class WorkerRun(Guid runId, string experimentKey, Process process, StreamWriter log)
{
    const int TailLines = 20;
    readonly Queue<string> _tail = new();
    readonly TaskCompletionSource _relayed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid RunId { get; } = runId;
    public string ExperimentKey { get; } = experimentKey;
    public Process Process { get; } = process;
    public bool HasExited => Process.HasExited;

    /// <summary>True once the worker's last event and its exit have been relayed to the slot's trainer.</summary>
    public bool Relayed => _relayed.Task.IsCompleted;

    /// <summary>Completes once the worker's last event and its exit have been relayed (or relaying gave up).</summary>
    public Task WhenRelayed => _relayed.Task;

    public void MarkRelayed() => _relayed.TrySetResult();

    public void Send(WorkerCommand command)
    {
        try
        {
            Process.StandardInput.WriteLine(WorkerProtocol.Format(command));
            Process.StandardInput.Flush();
        }
        catch (IOException)
        {
            // The worker already exited; its exit is reported through the normal path.
        }
    }

    public void AppendLog(string line)
    {
        lock (_tail)
        {
            log.WriteLine(line);
            _tail.Enqueue(line);
            if (_tail.Count > TailLines) _tail.Dequeue();
        }
    }

    public string Tail()
    {
        lock (_tail) return string.Join(Environment.NewLine, _tail);
    }

    public void CloseLog()
    {
        lock (_tail) log.Dispose();
    }
}
