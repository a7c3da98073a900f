namespace ZImageSweep.TransientScalarScan;

/// <summary>A public TorchSharp member that hands libtorch a Scalar nothing keeps alive, and how.</summary>
/// <param name="Id">its documentation comment id, as BannedSymbols.txt names it.</param>
public sealed record Hazard(string Id, string Reason);
