using ZImageSweep.Bench.Harness;

namespace ZImageSweep.Bench.Rows;

/// <summary>What a row measured; the runner adds identity, memory and errors to make a <see cref="Report.RowResult"/>.</summary>
/// <param name="Timing">the timed iterations.</param>
/// <param name="SetupMs">untimed construction of the row's models and inputs (random weights on the device).</param>
/// <param name="ImagesPerIteration">images one iteration produces, for images/s; null where that is meaningless.</param>
/// <param name="Metrics">extra numbers (e.g. <c>rel_l2</c>), by snake_case name.</param>
/// <param name="Passed">for rows that check something (agreement): whether the check held.</param>
/// <param name="Note">one line for the table.</param>
public sealed record RowMeasurement(
    TimingResult Timing,
    double SetupMs,
    double? ImagesPerIteration,
    IReadOnlyDictionary<string, double>? Metrics = null,
    bool? Passed = null,
    string? Note = null);
