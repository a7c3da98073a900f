namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// The names of the <see cref="ComparisonMetric"/>s as users write them: on the command line (<c>--by training-loss</c>),
/// in the HTTP API (<c>?metric=validation-loss</c>) and in verdict JSON.
/// </summary>
public static class MetricNames
{
    static readonly IReadOnlyDictionary<string, ComparisonMetric> ByName = new Dictionary<string, ComparisonMetric>
    {
        ["training-loss"] = ComparisonMetric.TrainingLoss,
        ["validation-loss"] = ComparisonMetric.ValidationLoss,
        ["turbo-drift"] = ComparisonMetric.TurboDrift,
        ["trigger-leakage"] = ComparisonMetric.TriggerLeakage,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string name, out ComparisonMetric metric) => ByName.TryGetValue(name, out metric);

    /// <exception cref="ArgumentException">Not one of <see cref="All"/>.</exception>
    public static ComparisonMetric Parse(string name) => TryParse(name, out var metric)
        ? metric
        : throw new ArgumentException($"'{name}' is not a metric; use one of {string.Join(", ", All)}.", nameof(name));

    public static string Name(ComparisonMetric metric) => ByName.First(p => p.Value == metric).Key;
}
