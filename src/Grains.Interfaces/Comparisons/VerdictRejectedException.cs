using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>
/// A verdict cannot be given as asked: a metric without paired items, fewer than two arms with items, a step the
/// compared arms do not all have, or two arms that share no item. The message names the metric, step or arms.
/// </summary>
[GenerateSerializer, Alias("zsweep.VerdictRejectedException")]
public sealed class VerdictRejectedException(string message) : Exception(message), IUserFacingError;
