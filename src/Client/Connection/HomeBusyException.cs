using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Client.Connection;

/// <summary>A home cannot be used now (its owner does not answer, or it holds no sweeps to read); the message says why and what to do.</summary>
public sealed class HomeBusyException(string message) : Exception(message), IUserFacingError;
