namespace ZImageSweep.Grains.Workers;

/// <summary>
/// One arm's run in a slot's <see cref="WorkerProcess"/>: which experiment it trains, and the arm's own worker log
/// (the supervisor's notes on the run and the worker's stderr lines about it).
/// </summary>
public sealed class WorkerRun(Guid runId, string experimentKey, StreamWriter log)
{
    public Guid RunId { get; } = runId;
    public string ExperimentKey { get; } = experimentKey;

    bool _closed; // stderr lines about the run can come after it left: they stay in the slot's log only

    public void AppendLog(string line)
    {
        lock (log)
            if (!_closed) log.WriteLine(line);
    }

    /// <summary>Writes the run's last line to the arm's log and closes it: the run has left the process (or is leaving).</summary>
    public void CloseLog(string lastLine)
    {
        lock (log)
        {
            if (_closed) return;
            log.WriteLine(lastLine);
            log.Dispose();
            _closed = true;
        }
    }
}
