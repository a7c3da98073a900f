namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// What a <see cref="WorkerCommandLine"/> asks of a worker process (<c>{"command":"save_now","run":"…"}</c>). Every
/// command but <see cref="Drain"/> names one arm by its run.
/// </summary>
public enum WorkerCommand
{
    /// <summary>Train this arm (its job file, resuming from a checkpoint or from the start); it joins at the next step boundary.</summary>
    Start,
    /// <summary>This arm finishes its step, saves a checkpoint, writes <see cref="StoppedEvent"/> and leaves; the process goes on.</summary>
    Stop,
    /// <summary>Save a checkpoint of this arm now, then continue.</summary>
    SaveNow,
    /// <summary>Render this arm's sample prompts now, then continue.</summary>
    SampleNow,
    /// <summary>The run is still the arm's current one: commit its staged checkpoint (rename into place, record last), then continue.</summary>
    Commit,
    /// <summary>The run was superseded (or ownership could not be confirmed): delete its staged checkpoint, write <see cref="FencedEvent"/>, the arm leaves at once.</summary>
    Abandon,
    /// <summary>Every arm stops as with <see cref="Stop"/>, then the process exits 0.</summary>
    Drain,
}
