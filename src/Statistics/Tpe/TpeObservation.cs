namespace ZImageSweep.Statistics.Tpe;

/// <summary>A finished trial: its point (one coordinate per parameter) and its objective value, lower being better.</summary>
public sealed record TpeObservation(IReadOnlyList<double> Point, double Value);
