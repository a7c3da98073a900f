using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Workers;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Workers;

/// <summary>
/// The silo-local owner of worker processes, one per GPU slot at most. Trainer grains start and stop workers
/// through it and return at once; it reads each worker's stdout on a background task and calls the slot's trainer
/// grain for every event (in order) and once for the exit. On silo shutdown it asks every worker to save and stop.
/// </summary>
public sealed class WorkerHost(
    IGrainFactory grains,
    GpuInventory inventory,
    ArtifactLayout layout,
    IOptions<WorkerOptions> options,
    ILogger<WorkerHost> logger) : IHostedService
{
    readonly ConcurrentDictionary<int, WorkerRun> _runs = new();
    readonly CancellationTokenSource _stopping = new();
    volatile string? _fencedOff;

    public bool IsRunning(int gpuIndex, Guid runId) =>
        _runs.TryGetValue(gpuIndex, out var run) && run.RunId == runId && !run.HasExited;

    /// <summary>
    /// Whether a run is still in the slot's hands: its worker runs, or has exited but its last events and its exit
    /// are still being relayed. A worker ends (and exits) before the trainer has heard its last checkpoint and its
    /// end; restarting it in that window would resume from an older checkpoint and train those steps twice.
    /// </summary>
    public bool IsActive(int gpuIndex, Guid runId) =>
        _runs.TryGetValue(gpuIndex, out var run) && run.RunId == runId && !run.Relayed;

    /// <summary>The live worker on a slot, or null when none runs (what slot metrics measure).</summary>
    public WorkerRun? RunningOn(int gpuIndex) => _runs.TryGetValue(gpuIndex, out var run) && !run.HasExited ? run : null;

    /// <summary>Waits (bounded) for a run's process to exit, e.g. one that reported its end and is shutting down.</summary>
    public async Task WaitForExitAsync(int gpuIndex, Guid runId, TimeSpan timeout)
    {
        if (!_runs.TryGetValue(gpuIndex, out var run) || run.RunId != runId || run.HasExited) return;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await run.Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // still running after the timeout: the caller reports the slot as busy
        }
    }

    /// <exception cref="InvalidOperationException">A worker still runs on the slot (slot accounting is broken), or this silo is fenced off.</exception>
    public void Start(string slot, int gpuIndex, TrainerAssignment assignment, string? resumeFrom)
    {
        if (_fencedOff is { } reason) throw new InvalidOperationException($"Slot {slot}: this silo starts no worker while it is cut off from its cluster ({reason}).");
        if (gpuIndex >= inventory.SlotCount) throw new InvalidOperationException($"Slot {slot}: this silo has only {inventory.SlotCount} GPU slots.");
        if (_runs.TryGetValue(gpuIndex, out var existing) && !existing.HasExited)
            throw new InvalidOperationException($"Slot {slot} already runs worker {existing.Process.Id} (run {existing.RunId}).");

        var (sweep, armId) = ExperimentKeys.Parse(assignment.ExperimentKey);
        string jobFile = layout.WriteJob(sweep, armId, assignment.JobYaml);
        var start = new ProcessStartInfo(options.Value.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(jobFile)!,
        };
        foreach (string argument in options.Value.Arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(jobFile);
        if (resumeFrom is not null)
        {
            start.ArgumentList.Add(WorkerProtocol.ResumeFromOption);
            start.ArgumentList.Add(resumeFrom);
        }
        start.ArgumentList.Add(WorkerProtocol.RunIdOption);
        start.ArgumentList.Add(assignment.RunId.ToString());
        start.Environment["CUDA_VISIBLE_DEVICES"] = inventory.CudaVisibleDevices(gpuIndex);
        foreach (var (key, value) in options.Value.Environment) start.Environment[key] = value;

        string logPath = layout.WorkerLogPath(sweep, armId);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {options.Value.Command}.");
        var run = new WorkerRun(assignment.RunId, assignment.ExperimentKey, process, log);
        _runs[gpuIndex] = run;
        run.AppendLog($"--- {DateTimeOffset.UtcNow:O} worker {process.Id} on slot {slot}, run {assignment.RunId}, resume from {resumeFrom ?? "the start"}");
        Log.WorkerStarted(logger, slot, process.Id, assignment.ExperimentKey, assignment.RunId, resumeFrom ?? "the start");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) run.AppendLog(e.Data); };
        process.BeginErrorReadLine();
        _ = Task.Run(() => RelayAsync(slot, run));
    }

    public void Send(int gpuIndex, Guid runId, WorkerCommand command)
    {
        if (_runs.TryGetValue(gpuIndex, out var run) && run.RunId == runId) run.Send(command);
    }

    async Task RelayAsync(string slot, WorkerRun run)
    {
        var trainer = grains.GetGrain<ITrainerGrain>(slot);
        try
        {
            while (await run.Process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!WorkerProtocol.TryParseEvent(line, out var e))
                {
                    run.AppendLog(line);
                    continue;
                }
                if (e is CommitReadyEvent ready)
                {
                    await AnswerCommitAsync(slot, run, trainer, ready.Step);
                    continue;
                }
                if (e is CheckpointSavedEvent c && !await IsCompleteAsync(c)) continue;
                await RelayAsync(run.RunId, () => trainer.OnWorkerEvent(run.RunId, WorkerReports.From(e!)));
            }
            await run.Process.WaitForExitAsync();
            run.AppendLog($"--- worker {run.Process.Id} exited with code {run.Process.ExitCode}");
            run.CloseLog();
            await RelayAsync(run.RunId, () => trainer.OnWorkerExited(run.RunId, run.Process.ExitCode, run.Tail()));
        }
        finally
        {
            run.MarkRelayed();
        }
    }

    /// <summary>
    /// WorkerProtocol's fencing, failing closed: the worker commits only on a confirmed yes; a refusal, a failed or
    /// timed-out call (the experiment's silo or storage out of reach) is an abandon.
    /// </summary>
    async Task AnswerCommitAsync(string slot, WorkerRun run, ITrainerGrain trainer, long step)
    {
        bool commit;
        try
        {
            commit = await trainer.ConfirmCommit(run.RunId, step);
        }
        catch (Exception e)
        {
            Log.RelayFailed(logger, e, run.RunId);
            commit = false;
        }
        if (!commit) Log.CommitAbandoned(logger, slot, run.RunId, step);
        run.Send(commit ? WorkerCommand.Commit : WorkerCommand.Abandon);
    }

    /// <summary>
    /// Kills every worker of this silo at once, without saving, and starts none until <see cref="Readmit"/>: the silo
    /// lost its place in the cluster, so another silo resumes its arms and these workers must not train on beside them
    /// (nor be restarted by their trainers).
    /// </summary>
    public void FenceOff(string reason)
    {
        _fencedOff = reason;
        var running = _runs.Values.Where(r => !r.HasExited).ToArray();
        if (running.Length == 0) return;
        Log.WorkersKilled(logger, running.Length, reason);
        foreach (var run in running)
        {
            try
            {
                run.AppendLog($"--- {DateTimeOffset.UtcNow:O} killed: {reason}");
                run.Process.Kill(entireProcessTree: true);
            }
            catch (ObjectDisposedException)
            {
                // It exited meanwhile and its relay closed the log: nothing left to stop.
            }
        }
    }

    /// <summary>The silo reaches its cluster again: workers may start (the experiments' watchdogs decide which).</summary>
    public void Readmit() => _fencedOff = null;

    async Task<bool> IsCompleteAsync(CheckpointSavedEvent c)
    {
        if (await CheckpointVerifier.IsCompleteAsync(new(c.Path, c.Step, c.Sha256), _stopping.Token)) return true;
        Log.CheckpointRejected(logger, c.Path);
        return false;
    }

    /// <summary>Relaying is best effort per event: a failed call is logged, and the watchdog repairs what it missed.</summary>
    async Task RelayAsync(Guid runId, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (!_stopping.IsCancellationRequested)
        {
            Log.RelayFailed(logger, e, runId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = _runs.Values.Where(r => !r.HasExited).ToArray();
        foreach (var run in running) run.Send(WorkerCommand.Stop);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.StopTimeout);
        foreach (var run in running)
        {
            try
            {
                await run.Process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                run.Process.Kill(entireProcessTree: true);
            }
        }
        // A worker that saved on the way out reports that checkpoint in its last lines: relay them (the checkpoint is
        // verified and the trainer told) before relaying is cancelled, or the next start resumes from an older one.
        try
        {
            await Task.WhenAll(running.Select(r => r.WhenRelayed)).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Log.RelayCutShort(logger, running.Count(r => !r.Relayed));
        }
        await _stopping.CancelAsync();
    }
}
