using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Grains.Interfaces.Errors;

/// <summary>A call named something that does not exist (a sweep, an arm, a step); the message says what and where to look.</summary>
[GenerateSerializer, Alias("zsweep.NotFoundException")]
public abstract class NotFoundException(string message) : Exception(message), IUserFacingError;
