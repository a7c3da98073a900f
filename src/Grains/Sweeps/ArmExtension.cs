using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Experiments;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Sweeps;

/// <summary>
/// What <c>zsweep extend</c> may do to an arm, and the arm it becomes: the same job with <c>train.steps</c> grown and
/// nothing else changed. The checkpoint fingerprint leaves <c>train.steps</c> out (src/Engine/Training/Checkpoints/JobFingerprint.cs),
/// so the worker resumes from the finished run's last checkpoint as from any other.
/// </summary>
public static class ArmExtension
{
    static readonly JobKeyPath StepsKey = JobKeyPath.Parse("train.steps");

    /// <exception cref="ExtendRejectedException">Fewer than one step, an arm not finished, a schedule over train.steps, or too many steps.</exception>
    public static ArmDefinition Extend(string sweep, ArmDefinition arm, ExperimentStatus status, int steps)
    {
        string which = $"Arm {arm.Id} ({arm.Label}) of sweep '{sweep}'";
        if (steps < 1) throw new ExtendRejectedException($"steps: {steps} would train nothing more; give at least 1.");
        if (!ExperimentTransitions.IsExtendable(status))
            throw new ExtendRejectedException($"{which} is {status}; only a finished arm ({string.Join(" or ", Enum.GetValues<ExperimentStatus>().Where(ExperimentTransitions.IsExtendable))}) can be extended"
                + (status == ExperimentStatus.Failed ? " (zsweep retry resumes a failed one)." : "."));
        // A decaying schedule is a function of train.steps (src/Engine/Training/LearningRateSchedule.cs): more steps
        // would change the learning rate of every step already trained, so the extended arm would not be the run it
        // continues, and no longer comparable to an uninterrupted run of the new length.
        var scheduler = JobDocument.Parse(arm.JobYaml, $"arm {arm.Label}").Bind().Process.Train.LrScheduler;
        if (scheduler != LrSchedulerKind.Constant)
            throw new ExtendRejectedException($"{which} decays its learning rate over train.steps (lr_scheduler: {ConfigEnum.Name(scheduler)}); "
                + "extending it would change the schedule of the steps already trained. Only arms with lr_scheduler: constant can be extended.");
        long total = (long)arm.TotalSteps + steps;
        if (total > int.MaxValue) throw new ExtendRejectedException($"steps: {arm.TotalSteps} + {steps} is more steps than a job can hold.");
        return WithSteps(arm, (int)total);
    }

    /// <summary>
    /// Whether <paramref name="stored"/> is <paramref name="created"/> as it is, or extended: creating a sweep again
    /// from its spec (a rerun of <c>zsweep run</c> or the demo) finds its extended arms the same arms.
    /// </summary>
    public static bool IsSameOrExtended(ArmDefinition stored, ArmDefinition created) =>
        stored.Id == created.Id && (stored.JobYaml == created.JobYaml
            || (stored.TotalSteps > created.TotalSteps && WithSteps(created, stored.TotalSteps).JobYaml == stored.JobYaml));

    static ArmDefinition WithSteps(ArmDefinition arm, int steps)
    {
        var job = JobDocument.Parse(arm.JobYaml, $"arm {arm.Label}");
        job.Set(StepsKey, new YamlScalarNode(steps.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return arm with { JobYaml = job.ToYaml(), TotalSteps = steps };
    }
}
