using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// Stands in for the experiment grain in <see cref="SlotWorkerCluster"/>, whose tests hand runs to a slot's trainer
/// themselves (several arms on one slot, before the scheduler packs them): it records the reports its trainer relays
/// and confirms every commit the test does not refuse. The other silos of this assembly exclude it
/// (<see cref="TestSilo"/>); it is no experiment, so the rest of the interface is not there.
/// </summary>
public sealed class RecordingExperimentGrain(ExperimentReports reports) : Grain, IExperimentGrain
{
    string Key => this.GetPrimaryKeyString();

    public Task OnWorkerReport(Guid runId, WorkerReport report)
    {
        reports.Add(Key, runId, report);
        return Task.CompletedTask;
    }

    public Task<bool> ConfirmCommit(Guid runId, long step) => Task.FromResult(reports.Confirms(Key));

    public Task<ExperimentSnapshot> Start(ExperimentSpec spec) => throw new NotSupportedException();
    public Task<ExperimentSnapshot> Pause() => throw new NotSupportedException();
    public Task<ExperimentSnapshot> Resume() => throw new NotSupportedException();
    public Task<ExperimentSnapshot> Cancel() => throw new NotSupportedException();
    public Task StopEarly(EarlyStopDecision decision) => throw new NotSupportedException();
    public Task<ExperimentSnapshot> Retry() => throw new NotSupportedException();
    public Task<ExperimentSnapshot> Extend(ArmDefinition arm) => throw new NotSupportedException();
    public Task<ExperimentSnapshot> GetSnapshot() => throw new NotSupportedException();
    public Task OnSlotGranted() => throw new NotSupportedException();
}
