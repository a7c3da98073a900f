using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>
/// An arm cannot be extended as asked (<see cref="ISweepGrain.Extend"/>): fewer than one step, an arm that is not
/// finished, a learning-rate schedule that depends on the total steps, or a paused or cancelled sweep. Nothing changed.
/// </summary>
[GenerateSerializer, Alias("zsweep.ExtendRejectedException")]
public sealed class ExtendRejectedException(string message) : Exception(message), IUserFacingError;
