using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.EarlyStopping;
using static ZImageSweep.Grains.Interfaces.EarlyStopping.EarlyStoppingMethod;

namespace ZImageSweep.Sweeps;

/// <summary>
/// Reads a spec's <c>early_stopping:</c> section (README "Early stopping"):
/// <code>
/// early_stopping: { method: paired, metric: validation-loss, p_threshold: 0.05, min_checkpoints: 1 }
/// early_stopping: { method: asha, reduction_factor: 3, min_steps: 100 }
/// early_stopping: { method: median, min_arms: 3, min_steps: 0 }
/// </code>
/// A key that belongs to another method is an error, as is an unknown one: a silently ignored setting would make the
/// sweep stop arms differently than its author reads it.
/// </summary>
public static class EarlyStoppingSpec
{
    public const string Key = "early_stopping";

    /// <summary>The keys each method reads besides <c>method</c> and <c>metric</c>.</summary>
    static readonly IReadOnlyDictionary<EarlyStoppingMethod, string[]> KeysOf = new Dictionary<EarlyStoppingMethod, string[]>
    {
        [Paired] = ["p_threshold", "min_checkpoints"],
        [Asha] = ["reduction_factor", "min_steps"],
        [Median] = ["min_arms", "min_steps"],
    };

    /// <returns>The settings, or null when the spec has no section (or it is malformed; the problems are in the scope's errors).</returns>
    public static EarlyStoppingSettings? Read(MappingScope spec)
    {
        if (!spec.Has(Key)) return null;
        var s = spec.Mapping(Key);
        if (!s.IsMapping) return null;
        var method = s.OptionalEnum<EarlyStoppingMethod>("method");
        if (method is null && !s.Has("method")) s.Error("method", $"is required: one of {string.Join(", ", ConfigEnum.Names<EarlyStoppingMethod>())}");
        var metric = ReadMetric(s, method);
        double pThreshold = s.Double("p_threshold", EarlyStoppingSettings.DefaultPThreshold, DoubleRange.OpenUnitInterval);
        int minCheckpoints = s.Int("min_checkpoints", EarlyStoppingSettings.DefaultMinCheckpoints, min: 0);
        int reductionFactor = s.Int("reduction_factor", EarlyStoppingSettings.DefaultReductionFactor, min: 2);
        // asha's rung 0 sits at min_steps, and rung r at min_steps·ηʳ: 0 would never move past rung 0.
        long? minSteps = s.OptionalInt("min_steps", min: method == Asha ? 1 : 0);
        int minArms = s.Int("min_arms", EarlyStoppingSettings.DefaultMinArms, min: 0);
        if (method is { } m)
            foreach (string key in KeysOf.Values.SelectMany(k => k).Distinct().Except(KeysOf[m]).Where(s.Has))
                s.Error(key, $"applies only to method {string.Join(" or ", KeysOf.Where(k => k.Value.Contains(key)).Select(k => ConfigEnum.Name(k.Key)))}, not {ConfigEnum.Name(m)}");
        s.RejectUnknownKeys();
        return method is null || metric is null
            ? null
            : new EarlyStoppingSettings(method.Value, metric.Value, pThreshold, minCheckpoints, reductionFactor, minSteps, minArms);
    }

    static ComparisonMetric? ReadMetric(MappingScope s, EarlyStoppingMethod? method)
    {
        string? name = s.OptionalString("metric");
        if (name is null) return EarlyStoppingSettings.DefaultMetric;
        if (!MetricNames.TryParse(name, out var metric))
        {
            s.Error("metric", $"'{name}' is not a metric; use one of {string.Join(", ", MetricNames.All)}");
            return null;
        }
        if (method == Paired && metric == ComparisonMetric.TrainingLoss)
        {
            s.Error("metric", "training-loss has no paired items (every arm trains on its own random batches); method paired needs validation-loss, turbo-drift or trigger-leakage");
            return null;
        }
        return metric;
    }
}
