namespace ZImageSweep.Bench.Report;

/// <summary>One case of the PyTorch reference run: its median time and its peak of allocated memory.</summary>
public sealed record ReferenceRow(double MsMedian, double? MsP10, double? MsP90, double? PeakAllocatedGib);
