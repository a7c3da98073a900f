using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Verdicts;

/// <summary>
/// Turns the arms of a verdict into configurations: the replicates of one configuration (<see cref="ArmDefinition.ConfigurationId"/>)
/// become one compared arm whose items are items × seeds, keyed by (replicate index, item). Replicate r of every
/// configuration trains with the same seed on the same validation inputs, so pairing by that key compares the
/// configurations and nothing else (README "Replicates"). The spread of the replicates' means — the noise floor of
/// training itself — is reported beside each configuration.
/// </summary>
public static class ReplicatePooling
{
    /// <param name="arms">The compared arms, each with its definition, in definition order.</param>
    /// <param name="configurationLabels">Label by configuration id (<c>ArmRowLabels.ForConfigurations</c>).</param>
    /// <returns>One entry per configuration, in the order of its first replicate; an arm trained once is a configuration of one replicate.</returns>
    public static IReadOnlyList<VerdictArmItems> Pool(
        IReadOnlyList<(ArmDefinition Arm, VerdictArmItems Items)> arms, IReadOnlyDictionary<string, string> configurationLabels) =>
        [.. arms.GroupBy(a => a.Arm.ConfigurationId).Select(configuration =>
        {
            var replicates = configuration.ToList();
            var items = replicates
                .SelectMany(r => r.Items.Items.Select(item => (Key: ItemKey(r.Arm.Replicate, item.Key), item.Value)))
                .ToDictionary(p => p.Key, p => p.Value);
            return new VerdictArmItems(configuration.Key, configurationLabels[configuration.Key], items, replicates.Count,
                SeedSd([.. replicates.Select(r => r.Items.Items.Values.Average())]));
        })];

    /// <summary>The pairing key of an item of replicate <paramref name="replicate"/>.</summary>
    public static string ItemKey(int replicate, string item) => $"r{replicate}/{item}";

    /// <summary>The sample standard deviation (n − 1), an estimate of the seed-to-seed spread; null for one replicate.</summary>
    static double? SeedSd(double[] means)
    {
        if (means.Length < 2) return null;
        double mean = means.Average();
        return Math.Sqrt(means.Sum(m => (m - mean) * (m - mean)) / (means.Length - 1));
    }
}
