using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Packing;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Grains.Interfaces.Trainers;

namespace ZImageSweep.Grains.Trainers;

/// <summary>An experiment's <see cref="SlotDemand"/>: its job's base and memory estimate, and its sweep's <c>packing</c> (an unpackable job trains alone).</summary>
public static class SlotDemands
{
    /// <exception cref="JobConfigException">The arm's job no longer binds (it was validated when the sweep was created).</exception>
    public static SlotDemand For(ExperimentSpec spec)
    {
        var process = JobDocument.Parse(spec.Arm.JobYaml, $"arm {spec.Arm.Label}").Bind().Process;
        var estimate = ArmMemoryEstimator.Estimate(process);
        int maxArms = PackKey.Packable(process) ? MaxArms(spec.Packing) : 1;
        return new SlotDemand(PackKey.Of(process).ToString(), maxArms, estimate.BaseBytes, estimate.PerArmBytes);
    }

    static int MaxArms(PackingPolicy packing) => packing.Mode switch
    {
        PackingMode.Off => 1,
        PackingMode.Fixed => packing.MaxArms,
        _ => SlotDemand.Auto,
    };
}
