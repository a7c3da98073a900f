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
/// The silo-local owner of worker processes, one per GPU slot (WorkerProtocol v2): the process outlives the arms it
/// trains, so the next arm of the same base starts without reloading it. Trainer grains start and stop runs through it
/// and return at once; it reads each process's stdout on a background task and calls the slot's trainer grain for
/// every event of a run (in order, routed by the event's run) and, for each run still in it, once for the process's
/// exit. The process's stderr goes to the slot's log (<see cref="ArtifactLayout.SlotLogPath"/>); the lines the worker
/// writes about one arm (<see cref="WorkerProtocol.FormatLogLine"/>) also go to that arm's log, beside the host's
/// notes on each run: its start (pid, slot, run, resume point) and its end. On silo shutdown it drains every worker.
/// </summary>
public sealed class WorkerHost(
    IGrainFactory grains,
    GpuInventory inventory,
    ArtifactLayout layout,
    ILocalSiloDetails silo,
    IOptions<WorkerOptions> options,
    ILogger<WorkerHost> logger) : IHostedService
{
    readonly ConcurrentDictionary<int, WorkerProcess> _current = new();
    // Processes whose events or exit are still being relayed, the exited ones included: a run is the slot's until then.
    readonly ConcurrentDictionary<WorkerProcess, int> _relaying = new();
    readonly Lock _starting = new();
    readonly CancellationTokenSource _stopping = new();
    volatile string? _fencedOff;

    /// <summary>
    /// Whether a run is still in the slot's hands: its worker trains it, or its last events or its process's exit are
    /// still being relayed. A run ends before the trainer has heard its last checkpoint and its end; restarting it in
    /// that window would resume from an older checkpoint and train those steps twice.
    /// </summary>
    public bool IsActive(int gpuIndex, Guid runId) => _relaying.Any(p => p.Value == gpuIndex && p.Key.Has(runId));

    /// <summary>The live worker process on a slot, or null when none runs (what slot metrics measure).</summary>
    public WorkerProcess? RunningOn(int gpuIndex) => _current.TryGetValue(gpuIndex, out var process) && !process.HasExited ? process : null;

    /// <summary>
    /// Starts an arm's run on the slot's worker process, first starting the process when none runs there; does nothing
    /// when that process trains the run already.
    /// </summary>
    /// <exception cref="InvalidOperationException">The slot is not this silo's, or this silo is fenced off.</exception>
    public void Start(string slot, int gpuIndex, TrainerAssignment assignment, string? resumeFrom)
    {
        if (_fencedOff is { } reason) throw new InvalidOperationException($"Slot {slot}: this silo starts no worker while it is cut off from its cluster ({reason}).");
        if (gpuIndex >= inventory.SlotCount) throw new InvalidOperationException($"Slot {slot}: this silo has only {inventory.SlotCount} GPU slots.");
        lock (_starting)
        {
            var process = RunningOn(gpuIndex) ?? Launch(slot, gpuIndex);
            if (process.Has(assignment.RunId)) return;

            var (sweep, armId) = ExperimentKeys.Parse(assignment.ExperimentKey);
            string jobFile = layout.WriteJob(sweep, armId, assignment.JobYaml);
            string logPath = layout.WorkerLogPath(sweep, armId);
            Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
            var run = new WorkerRun(assignment.RunId, assignment.ExperimentKey, new StreamWriter(logPath, append: true) { AutoFlush = true });
            string header = $"--- {DateTimeOffset.UtcNow:O} worker {process.Process.Id} on slot {slot}, run {assignment.RunId}, resume from {resumeFrom ?? "the start"}";
            run.AppendLog(header);
            process.AppendLog($"{header} ({assignment.ExperimentKey})");
            process.Add(run);
            Log.WorkerStarted(logger, slot, process.Process.Id, assignment.ExperimentKey, assignment.RunId, resumeFrom ?? "the start");
            process.Send(WorkerCommandLine.Start(assignment.RunId, jobFile, resumeFrom));
        }
    }

    WorkerProcess Launch(string slot, int gpuIndex)
    {
        string logPath = layout.SlotLogPath(silo.Name, gpuIndex);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var start = new ProcessStartInfo(options.Value.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(logPath)!,
        };
        foreach (string argument in options.Value.Arguments) start.ArgumentList.Add(argument);
        start.Environment["CUDA_VISIBLE_DEVICES"] = inventory.CudaVisibleDevices(gpuIndex);
        foreach (var (key, value) in options.Value.Environment) start.Environment[key] = value;

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {options.Value.Command}."), log);
        process.AppendLog($"--- {DateTimeOffset.UtcNow:O} worker {process.Process.Id} started on slot {slot}");
        _current[gpuIndex] = process;
        _relaying[process] = gpuIndex;
        process.Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) process.OnStandardError(e.Data); };
        process.Process.BeginErrorReadLine();
        _ = Task.Run(() => RelayAsync(slot, process));
        return process;
    }

    /// <summary>Sends an arm's command (stop, save now, sample now) to the slot's worker, if it trains that run.</summary>
    public void Send(int gpuIndex, Guid runId, WorkerCommand command)
    {
        if (RunningOn(gpuIndex) is { } process && process.Has(runId)) process.Send(WorkerCommandLine.For(runId, command));
    }

    async Task RelayAsync(string slot, WorkerProcess process)
    {
        var trainer = grains.GetGrain<ITrainerGrain>(slot);
        int pid = process.Process.Id;
        try
        {
            while (await process.Process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!WorkerProtocol.TryParseEvent(line, out var e))
                {
                    process.AppendLog(line);
                    continue;
                }
                if (!process.TryGet(e!.Run, out var run))
                {
                    process.AppendLog($"--- ignored an event for a run this worker was not given: {line}");
                    continue;
                }
                // Every event in the arm's log with the time it arrived: when each step, checkpoint and end happened
                // (what bench/sweep/compare_runs.py reads the hand-over between arms from).
                run.AppendLog($"{DateTimeOffset.UtcNow:O} {line}");
                if (e is CommitReadyEvent ready)
                {
                    await AnswerCommitAsync(slot, process, run, trainer, ready.Step);
                    continue;
                }
                if (e is CheckpointSavedEvent c && !await IsCompleteAsync(c)) continue;
                var report = WorkerReports.From(e);
                // The arm's log is closed before its end is relayed, since the trainer may start the arm's next run,
                // whose log lines go to the same file, while hearing of it.
                if (report.IsEnd) run.CloseLog($"--- worker {pid} done with run {run.RunId}: {report.Kind.ToString().ToLowerInvariant()}");
                await RelayAsync(run.RunId, () => trainer.OnWorkerEvent(run.RunId, report));
                if (report.IsEnd) process.Remove(run);
            }
            await process.Process.WaitForExitAsync();
            int exitCode = process.Process.ExitCode;
            process.AppendLog($"--- worker {pid} exited with code {exitCode}");
            foreach (var run in process.Runs.ToArray())
            {
                run.CloseLog($"--- worker {pid} exited with code {exitCode}");
                await RelayAsync(run.RunId, () => trainer.OnWorkerExited(run.RunId, exitCode, process.Tail()));
                process.Remove(run);
            }
            process.CloseLog();
        }
        finally
        {
            _relaying.TryRemove(process, out _);
            process.MarkRelayed();
        }
    }

    /// <summary>
    /// WorkerProtocol's fencing, failing closed: the run commits only on a confirmed yes; a refusal, a failed or
    /// timed-out call (the experiment's silo or storage out of reach) is an abandon.
    /// </summary>
    async Task AnswerCommitAsync(string slot, WorkerProcess process, WorkerRun run, ITrainerGrain trainer, long step)
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
        process.Send(WorkerCommandLine.For(run.RunId, commit ? WorkerCommand.Commit : WorkerCommand.Abandon));
    }

    /// <summary>
    /// Kills every worker of this silo at once, without saving, and starts none until <see cref="Readmit"/>: the silo
    /// lost its place in the cluster, so another silo resumes its arms and these workers must not train on beside them
    /// (nor be restarted by their trainers).
    /// </summary>
    public void FenceOff(string reason)
    {
        _fencedOff = reason;
        var running = _relaying.Keys.Where(p => !p.HasExited).ToArray();
        if (running.Length == 0) return;
        Log.WorkersKilled(logger, running.Length, reason);
        foreach (var process in running)
        {
            try
            {
                string note = $"--- {DateTimeOffset.UtcNow:O} killed: {reason}";
                foreach (var run in process.Runs) run.AppendLog(note);
                process.AppendLog(note);
                process.Process.Kill(entireProcessTree: true);
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

    /// <summary>Drains every worker: each arm saves and reports stopped, then the process exits (or is killed after the timeout).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = _relaying.Keys.Where(p => !p.HasExited).ToArray();
        foreach (var process in running) process.Send(WorkerCommandLine.Drain);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.StopTimeout);
        foreach (var process in running)
        {
            try
            {
                await process.Process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Process.Kill(entireProcessTree: true);
            }
        }
        // A worker that saved on the way out reports those checkpoints in its last lines: relay them (each checkpoint is
        // verified and the trainer told) before relaying is cancelled, or the next start resumes from an older one.
        try
        {
            await Task.WhenAll(running.Select(p => p.WhenRelayed)).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Log.RelayCutShort(logger, running.Count(p => !p.Relayed));
        }
        await _stopping.CancelAsync();
    }
}
