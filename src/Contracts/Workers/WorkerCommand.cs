namespace ZImageSweep.Contracts.Workers;

/// <summary>A command a supervisor writes to a worker's stdin, one JSON line each (<c>{"command":"save_now"}</c>).</summary>
public enum WorkerCommand
{
    /// <summary>Save a checkpoint, write <see cref="StoppedEvent"/>, exit 0.</summary>
    Stop,
    /// <summary>Save a checkpoint now, then continue.</summary>
    SaveNow,
    /// <summary>Render the sample prompts now, then continue.</summary>
    SampleNow,
    /// <summary>The run is still the arm's current one: commit the staged checkpoint (rename into place, record last), then continue.</summary>
    Commit,
    /// <summary>The run was superseded (or ownership could not be confirmed): delete the staged checkpoint and exit with <see cref="WorkerProtocol.FencedExitCode"/>.</summary>
    Abandon,
}
