using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Client.Connection;

/// <summary>The silo the client reached never listed the sweep grains (<see cref="SweepGrainTypes"/>): not a ZImageSweep silo of this version, or not ready.</summary>
public sealed class GrainTypesUnknownException(string message) : Exception(message), IUserFacingError;
