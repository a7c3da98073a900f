using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Silo.Security;

/// <summary>A malformed token line, named by file and line (or configuration key); the silo does not start with it.</summary>
public sealed class TokensFileException(string location, string problem) : Exception($"{location}: {problem}"), IUserFacingError
{
    public string Location { get; } = location;
}
