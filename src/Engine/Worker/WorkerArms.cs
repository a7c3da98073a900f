namespace ZImageSweep.Engine.Worker;

/// <summary>
/// The arms a worker knows, from the <c>start</c> the command reader read until their last event: the reader adds them
/// and routes each arm's commands here, the training thread takes the started ones in order. Thread-safe; the training
/// thread blocks on <see cref="WaitForStart"/> without spinning. After <see cref="Drain"/> every
/// known arm is asked to stop, and nothing new is accepted.
/// </summary>
public sealed class WorkerArms
{
    readonly object _gate = new();
    readonly Dictionary<string, WorkerArm> _known = new(StringComparer.Ordinal);
    readonly Queue<WorkerArm> _started = new();
    bool _draining;

    public bool Draining
    {
        get { lock (_gate) return _draining; }
    }

    /// <summary>False when the run is already known (a repeated start) or the worker is draining.</summary>
    public bool Add(WorkerArm arm)
    {
        lock (_gate)
        {
            if (_draining || !_known.TryAdd(arm.Run, arm)) return false;
            _started.Enqueue(arm);
            Monitor.PulseAll(_gate);
            return true;
        }
    }

    public WorkerArm? Find(string run)
    {
        lock (_gate) return _known.GetValueOrDefault(run);
    }

    /// <summary>The arm's last event is written (or about to be): commands for its run are ignored from now on.</summary>
    public void Remove(string run)
    {
        lock (_gate) _known.Remove(run);
    }

    /// <summary>Every arm, training or waiting to join, stops as with <c>stop</c>; the worker exits once they have.</summary>
    public void Drain()
    {
        lock (_gate)
        {
            _draining = true;
            foreach (WorkerArm arm in _known.Values) arm.Control.RequestStop();
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>A started arm without blocking, in the order their starts came.</summary>
    public bool TryTake(out WorkerArm arm)
    {
        lock (_gate) return _started.TryDequeue(out arm!);
    }

    /// <summary>Waits until a started arm is there (true) or the worker drains with none left (false).</summary>
    public bool WaitForStart()
    {
        lock (_gate)
        {
            while (_started.Count == 0 && !_draining) Monitor.Wait(_gate);
            return _started.Count > 0;
        }
    }
}
