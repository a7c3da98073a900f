using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Grains.Verdicts;

/// <summary>Reads the items behind a checkpoint's validation signals from the file its worker wrote (<see cref="ValidationItems"/>).</summary>
public static class ValidationItemFiles
{
    /// <returns>The file's items, or null where the point names no file (an older worker) or the file is gone.</returns>
    /// <exception cref="InvalidDataException">The file exists but is not a validation items file.</exception>
    public static ValidationItems? TryRead(ValidationPoint point) =>
        point.ItemsPath is { } path && File.Exists(path) ? ValidationItems.Read(path) : null;

    /// <returns>The items of <paramref name="metric"/>, empty where the checkpoint did not compute it.</returns>
    public static IReadOnlyDictionary<string, double> Of(ValidationItems items, ComparisonMetric metric) => metric switch
    {
        ComparisonMetric.ValidationLoss => items.ValidationLoss,
        ComparisonMetric.TurboDrift => items.TurboDrift,
        ComparisonMetric.TriggerLeakage => items.TriggerLeakage,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a validation signal"),
    };
}
