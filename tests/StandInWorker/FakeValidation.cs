using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.StandInWorker;

/// <summary>
/// The validation report of a checkpoint. With <c>meta.fake_validation_items: N</c> it also writes an items file of N
/// held-out loss items, 1 + 0.1·sin(i) + 0.01·rank: arms of equal rank score every item identically (every paired
/// difference exactly 0), and an arm of higher rank is worse on every item by construction.
/// </summary>
public static class FakeValidation
{
    public static ValidationEvent Report(JobConfig job, string folder, long step)
    {
        int count = int.Parse(job.Meta.GetValueOrDefault("fake_validation_items", "0"));
        if (count == 0) return new ValidationEvent(step, ValidationLoss: 2.0 / (1 + step), TurboDrift: null, TriggerLeakage: 0.01 * step);
        var loss = Enumerable.Range(0, count).ToDictionary(i => ValidationItems.LossKey($"held{i}.png", 0.5), i => 1 + 0.1 * Math.Sin(i) + 0.01 * job.Process.Network.Linear);
        string path = ValidationItems.PathFor(folder, step);
        new ValidationItems(step, loss, new Dictionary<string, double>(), new Dictionary<string, double>()).Write(path);
        return new ValidationEvent(step, loss.Values.Average(), TurboDrift: null, TriggerLeakage: null, path);
    }
}
