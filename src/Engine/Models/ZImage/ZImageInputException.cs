using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>An input to the Z-Image transformer or sampler has the wrong shape or value; the message names it.</summary>
public sealed class ZImageInputException(string parameter, string reason) : ArgumentException($"{parameter}: {reason}", parameter), IUserFacingError;
