using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Trainers;
using static ZImageSweep.Grains.Interfaces.Experiments.ExperimentStatus;

namespace ZImageSweep.Grains.Experiments;

/// <summary>
/// Owns one arm: its durable state, its GPU slot lease and its run on that slot. A reminder ("watchdog") ticks while
/// the arm is Queued or Running and re-places it when its trainer is gone — after a silo crash the reminder
/// re-activates this grain on a surviving silo, and training resumes from the last complete checkpoint.
/// </summary>
public sealed class ExperimentGrain(
    [PersistentState("experiment", StorageNames.Grains)] IPersistentState<ExperimentState> state,
    IOptions<ExperimentOptions> options,
    ILogger<ExperimentGrain> logger) : Grain, IExperimentGrain, IRemindable
{
    const string Watchdog = "watchdog";

    ExperimentState S => state.State;
    string Key => this.GetPrimaryKeyString();
    IGpuSchedulerGrain Scheduler => GrainFactory.GetGrain<IGpuSchedulerGrain>(IGpuSchedulerGrain.Singleton);
    IComparisonGrain Comparison => GrainFactory.GetGrain<IComparisonGrain>(S.Spec!.Sweep);

    async Task<ExperimentSnapshot> IExperimentGrain.Start(ExperimentSpec spec)
    {
        if (S.Spec is not null) return Snapshot();
        S.Spec = spec;
        S.Status = Queued;
        S.Metrics = MetricSummary.Empty(spec.Arm.TotalSteps);
        await state.WriteStateAsync();
        Log.StatusChanged(logger, Key, nameof(Queued));
        await this.RegisterOrUpdateReminder(Watchdog, options.Value.WatchdogPeriod, options.Value.WatchdogPeriod);
        await PlaceAsync();
        return Snapshot();
    }

    async Task<ExperimentSnapshot> IExperimentGrain.Pause()
    {
        RequireSpec();
        if (S.Status == Paused) return Snapshot();
        await ChangeStatusAsync(Paused);
        await StopRunAsync();
        return Snapshot();
    }

    async Task<ExperimentSnapshot> IExperimentGrain.Resume()
    {
        RequireSpec();
        // Resuming a Queued or Running experiment re-arms its watchdog and placement: after an embedded silo
        // restarts (reminders were in memory) this is what gets unfinished experiments going again.
        // A failed one is queued again only by an explicit Retry.
        if (S.Status == Failed) throw new InvalidTransitionException(Key, Failed, Queued);
        if (S.Status is not (Queued or Running)) await ChangeStatusAsync(Queued);
        await SuperviseAsync();
        return Snapshot();
    }

    async Task<ExperimentSnapshot> IExperimentGrain.Retry()
    {
        RequireSpec();
        if (S.Status != Failed) return Snapshot();
        S.Reason = null;
        S.Recoveries = 0;
        await ChangeStatusAsync(Queued); // PlaceAsync hands the trainer S.LastCheckpoint, the last complete one
        await SuperviseAsync();
        return Snapshot();
    }

    async Task<ExperimentSnapshot> IExperimentGrain.Extend(ArmDefinition arm)
    {
        RequireSpec();
        if (S.Spec!.Arm.TotalSteps == arm.TotalSteps && S.Status is Queued or Running) return Snapshot();
        ExperimentTransitions.EnsureExtendable(Key, S.Status);
        S.Spec = S.Spec with { Arm = arm };
        S.Metrics = S.Metrics! with { TotalSteps = arm.TotalSteps };
        S.Reason = null;
        S.EarlyStop = null; // extending a stopped arm overrides the rule's decision
        S.Recoveries = 0;
        // Straight to Queued, outside the transition table (see ExperimentTransitions.IsExtendable); PlaceAsync hands
        // the trainer the longer job and S.LastCheckpoint, the finished run's last step.
        S.Status = Queued;
        await state.WriteStateAsync();
        Log.StatusChanged(logger, Key, nameof(Queued));
        await SuperviseAsync();
        return Snapshot();
    }

    /// <summary>Arms the watchdog and places the experiment (Resume, Retry, Extend).</summary>
    async Task SuperviseAsync()
    {
        await this.RegisterOrUpdateReminder(Watchdog, options.Value.WatchdogPeriod, options.Value.WatchdogPeriod);
        await PlaceAsync();
    }

    async Task<ExperimentSnapshot> IExperimentGrain.Cancel()
    {
        RequireSpec();
        if (S.Status == Cancelled) return Snapshot();
        await ChangeStatusAsync(Cancelled);
        await StopRunAsync();
        return Snapshot();
    }

    async Task IExperimentGrain.StopEarly(EarlyStopDecision decision)
    {
        // The rule can judge a checkpoint after the arm ended by itself (finished, failed, cancelled): its own end stands.
        if (S.Spec is null || ExperimentTransitions.IsTerminal(S.Status)) return;
        S.EarlyStop = decision;
        S.Reason = decision.Describe();
        Log.StoppedEarly(logger, Key, S.Reason);
        await ChangeStatusAsync(Stopped); // as Cancel: the sweep queues the next arm, which gets the slot when the worker has stopped
        await StopRunAsync();
    }

    Task<ExperimentSnapshot> IExperimentGrain.GetSnapshot() => Task.FromResult(Snapshot());

    async Task IExperimentGrain.OnWorkerReport(Guid runId, WorkerReport report)
    {
        // A worker of an earlier placement (or one still stopping) must not move this experiment.
        if (S.Spec is null || runId != S.RunId) return;
        if (report.Kind is WorkerReportKind.Step or WorkerReportKind.Samples or WorkerReportKind.Validation or WorkerReportKind.Checkpoint)
            await Comparison.OnArmReport(S.Spec.Arm.Id, report); // one-way: returns at once, and a failure there is not ours
        switch (report.Kind)
        {
            case WorkerReportKind.Started:
                // A resumed worker starts at its checkpoint's step: steps after it are trained again, not counted twice.
                S.Metrics = S.Metrics! with { Step = report.Step };
                break;
            case WorkerReportKind.Step:
                var m = S.Metrics!;
                S.Metrics = m with
                {
                    Step = report.Step,
                    LastLoss = report.Loss,
                    BestLoss = m.BestLoss is null || report.Loss < m.BestLoss ? report.Loss : m.BestLoss,
                    Lr = report.Lr,
                    StepSeconds = report.StepSeconds,
                };
                break;
            case WorkerReportKind.Checkpoint:
                S.LastCheckpoint = report.File;
                await state.WriteStateAsync();
                Log.CheckpointRecorded(logger, Key, report.Step, report.File!.Path);
                break;
            case WorkerReportKind.Finished:
                S.FinalLora = report.File;
                S.Metrics = S.Metrics! with { Step = report.Step };
                await FinishRunAsync(Completed, reason: null);
                break;
            case WorkerReportKind.Failed:
                await FinishRunAsync(Failed, report.Reason);
                break;
            case WorkerReportKind.Stopped:
                await OnStoppedAsync();
                break;
        }
    }

    async Task<bool> IExperimentGrain.ConfirmCommit(Guid runId, long step)
    {
        // The placement decides, not the status: a worker asked to pause or cancel saves one last checkpoint, and
        // its run stays the arm's until its stop is reported.
        if (S.Spec is null || runId != S.RunId)
        {
            Log.CommitRefused(logger, Key, runId, step, S.RunId);
            return false;
        }
        try
        {
            // The write is the proof: storage checks this activation's ETag, so it fails when another activation
            // (on the silo that took the arm over) has written since, and when storage cannot be reached.
            await state.WriteStateAsync();
            return true;
        }
        catch (Exception e)
        {
            Log.CommitUnconfirmed(logger, e, Key, runId, step);
            DeactivateOnIdle(); // a stale activation must reload the durable state before it answers again
            return false;
        }
    }

    Task IExperimentGrain.OnSlotGranted() =>
        S.Spec is not null && S.Status is Queued or Running ? PlaceAsync() : Scheduler.Release(Key);

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Spec is null || S.Status is not (Queued or Running))
        {
            await UnregisterWatchdogAsync();
            return;
        }
        await PlaceAsync();
    }

    /// <summary>
    /// Makes sure a Queued or Running experiment has a slot and that its trainer runs it. Idempotent: called after
    /// start/resume and on every watchdog tick.
    /// </summary>
    async Task PlaceAsync()
    {
        if (S.Status is not (Queued or Running)) return;
        var demand = SlotDemands.For(S.Spec!);
        if (S.Slot is null)
        {
            string? slot = await Scheduler.Lease(Key, demand);
            if (slot is null) return; // no free slot: stay Queued until a later tick
            S.Slot = slot;
            S.RunId = Guid.NewGuid();
            await state.WriteStateAsync();
        }
        // The scheduler decided who shares the slot; the trainer's own check only needs an upper bound (auto: the cap).
        var assignment = new TrainerAssignment(Key, S.RunId!.Value, S.Spec!.Arm.JobYaml, S.LastCheckpoint,
            MaxArms: demand.MaxArms == SlotDemand.Auto ? SlotDemand.AutoMaxArms : demand.MaxArms, PackKey: demand.PackKey);
        try
        {
            await GrainFactory.GetGrain<ITrainerGrain>(S.Slot).EnsureRunning(assignment);
        }
        catch (Exception e) when (e is not InvalidTransitionException)
        {
            await OnTrainerLostAsync(e);
            return;
        }
        if (S.Status == Queued)
        {
            Log.Placed(logger, Key, S.Slot, S.RunId.Value, S.LastCheckpoint?.Step ?? 0);
            await ChangeStatusAsync(Running);
        }
    }

    /// <summary>The slot's silo is gone or refused the run: give the lease back and queue for another slot.</summary>
    async Task OnTrainerLostAsync(Exception e)
    {
        Log.TrainerLost(logger, e, Key, S.Slot!);
        await Scheduler.Release(Key);
        S.Slot = null;
        S.RunId = null;
        if (S.Status == Running)
        {
            S.Recoveries++;
            if (S.Recoveries > options.Value.MaxRecoveries)
            {
                await FinishRunAsync(Failed, $"lost its trainer {S.Recoveries} times (last: {e.Message})");
                return;
            }
            await ChangeStatusAsync(Queued);
        }
        else
        {
            await state.WriteStateAsync();
        }
    }

    async Task OnStoppedAsync()
    {
        await ReleaseSlotAsync();
        // A worker stopped without being asked (its silo shuts down gracefully): place it again from its checkpoint.
        if (S.Status == Running) await ChangeStatusAsync(Queued);
        else await state.WriteStateAsync();
    }

    async Task FinishRunAsync(ExperimentStatus status, string? reason)
    {
        if (ExperimentTransitions.IsTerminal(S.Status)) return;
        S.Reason = reason;
        await ReleaseSlotAsync();
        await ChangeStatusAsync(status);
    }

    async Task StopRunAsync()
    {
        if (S.Slot is { } slot && S.RunId is { } runId)
        {
            try
            {
                await GrainFactory.GetGrain<ITrainerGrain>(slot).Stop(runId);
            }
            catch (Exception e)
            {
                // The trainer's silo is gone, so its worker is gone too: nothing left to stop.
                Log.TrainerLost(logger, e, Key, slot);
                await ReleaseSlotAsync();
                await state.WriteStateAsync();
            }
        }
    }

    async Task ReleaseSlotAsync()
    {
        if (S.Slot is null) return;
        await Scheduler.Release(Key);
        S.Slot = null;
        S.RunId = null;
    }

    async Task ChangeStatusAsync(ExperimentStatus to)
    {
        ExperimentTransitions.Ensure(Key, S.Status, to);
        S.Status = to;
        await state.WriteStateAsync();
        Log.StatusChanged(logger, Key, to.ToString());
        if (to is Paused || ExperimentTransitions.IsTerminal(to)) await UnregisterWatchdogAsync();
        if (ExperimentTransitions.IsTerminal(to))
        {
            await GrainFactory.GetGrain<ISweepGrain>(S.Spec!.Sweep).OnArmFinished(S.Spec.Arm.Id, to);
            await Comparison.OnArmFinished(S.Spec.Arm.Id);
        }
    }

    async Task UnregisterWatchdogAsync()
    {
        if (await this.GetReminder(Watchdog) is { } reminder) await this.UnregisterReminder(reminder);
    }

    void RequireSpec()
    {
        if (S.Spec is null)
        {
            var (sweep, armId) = ExperimentKeys.Parse(Key);
            throw new ArmNotFoundException(sweep, armId, []);
        }
    }

    ExperimentSnapshot Snapshot()
    {
        var (sweep, armId) = ExperimentKeys.Parse(Key);
        return new ExperimentSnapshot(sweep, armId, S.Spec?.Arm.Label ?? "", S.Status, S.Metrics ?? MetricSummary.Empty(0),
            S.LastCheckpoint, S.FinalLora, S.Reason, S.Recoveries, S.Slot, S.EarlyStop);
    }
}
