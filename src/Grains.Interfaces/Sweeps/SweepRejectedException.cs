using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// A sweep was refused before anything started (duplicate name, an arm whose job does not validate) or cannot take the
/// command (a cancelled sweep resumed).
/// </summary>
[GenerateSerializer, Alias("zsweep.SweepRejectedException")]
public sealed class SweepRejectedException(string message) : Exception(message), IUserFacingError;
