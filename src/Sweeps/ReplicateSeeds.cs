using System.Globalization;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Sweeps;

/// <summary>
/// The <c>training_seed</c> of each replicate: the base job's seed (or 0, which the engine uses for an unset seed)
/// plus the replicate index. Replicate 0 therefore trains exactly what the base job trains alone, adding replicates
/// keeps the seeds of the existing ones, and every configuration's replicate r has the same seed — so replicate r of
/// one configuration pairs with replicate r of another (README "Replicates").
/// </summary>
public static class ReplicateSeeds
{
    public static readonly JobKeyPath Key = JobKeyPath.Parse("training_seed");

    public static long For(JobConfig baseJob, int replicate) => (baseJob.Process.TrainingSeed ?? 0) + replicate;

    /// <summary>The assignment that sets replicate <paramref name="replicate"/>'s seed, labelled <c>seed=&lt;s&gt;</c>.</summary>
    public static AxisAssignment Assignment(JobConfig baseJob, int replicate)
    {
        string seed = For(baseJob, replicate).ToString(CultureInfo.InvariantCulture);
        return new AxisAssignment(ArmDefinition.SeedAxis, Key.Text, seed, seed);
    }

    /// <summary>
    /// Replicates own the seed: an axis on <c>training_seed</c> would be overwritten by them, and an axis named
    /// <c>seed</c> would be read as the replicates' seed in labels and verdicts.
    /// </summary>
    public static void RejectSeedAxes(MappingScope scope, IEnumerable<SweepDimension> dimensions)
    {
        foreach (var axis in dimensions.SelectMany(d => d.Axes))
        {
            if (axis.Path.Text == Key.Text)
                scope.Error("replicates", $"sets training_seed for every replicate, so {axis.Describe()} cannot vary it too; drop the axis or use replicates: 1");
            else if (axis.Name == ArmDefinition.SeedAxis)
                scope.Error("replicates", $"labels each replicate '{ArmDefinition.SeedAxis}=…', so {axis.Describe()} needs another name");
        }
    }
}
