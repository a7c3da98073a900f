using System.Collections.Concurrent;
using System.Diagnostics;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.Grains.Workers;

/// <summary>
/// The one worker process of a GPU slot (WorkerProtocol v2): its stdin for commands, the slot's log with the tail of
/// its stderr for failure reasons, and the arms' runs it trains now. A run stays here until its end — its last event,
/// or the process's exit — has been relayed to the slot's trainer.
/// </summary>
public sealed class WorkerProcess(Process process, StreamWriter slotLog)
{
    const int TailLines = 20;
    readonly Queue<string> _tail = new();
    readonly ConcurrentDictionary<Guid, WorkerRun> _runs = new();
    readonly TaskCompletionSource _relayed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Process Process { get; } = process;
    public bool HasExited => Process.HasExited;

    /// <summary>The runs the process trains now (or whose end is still being relayed).</summary>
    public ICollection<WorkerRun> Runs => _runs.Values;

    /// <summary>Completes once the process's last event and its exit have been relayed (or relaying gave up).</summary>
    public Task WhenRelayed => _relayed.Task;

    public bool Relayed => _relayed.Task.IsCompleted;

    public void MarkRelayed() => _relayed.TrySetResult();

    public bool Has(Guid runId) => _runs.ContainsKey(runId);

    public bool TryGet(string? run, out WorkerRun workerRun)
    {
        workerRun = null!;
        return Guid.TryParse(run, out var runId) && _runs.TryGetValue(runId, out workerRun!);
    }

    public void Add(WorkerRun run) => _runs[run.RunId] = run;

    /// <summary>The run has left the process and its end has been relayed.</summary>
    public void Remove(WorkerRun run) => _runs.TryRemove(run.RunId, out _);

    public void Send(WorkerCommandLine command)
    {
        try
        {
            lock (Process)
            {
                Process.StandardInput.WriteLine(WorkerProtocol.Format(command));
                Process.StandardInput.Flush();
            }
        }
        catch (IOException)
        {
            // The worker already exited; its exit is reported through the normal path.
        }
    }

    /// <summary>A stderr line: into the slot's log and its tail, and a line about one arm also into that arm's log.</summary>
    public void OnStandardError(string line)
    {
        AppendLog(line);
        if (WorkerProtocol.TryParseLogLine(line, out string run, out string message) && TryGet(run, out var workerRun)) workerRun.AppendLog(message);
    }

    public void AppendLog(string line)
    {
        lock (_tail)
        {
            slotLog.WriteLine(line);
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
        lock (_tail) slotLog.Dispose();
    }
}
