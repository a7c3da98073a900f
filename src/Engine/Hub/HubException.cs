using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Hub;

/// <summary>A Hub download failed; names the repository, the revision and, where known, the file.</summary>
public abstract class HubException(string repo, string revision, string? file, string message, Exception? inner = null)
    : Exception(message, inner), IUserFacingError
{
    public string Repo { get; } = repo;
    public string Revision { get; } = revision;
    public string? File { get; } = file;

    protected static string Subject(string repo, string revision, string? file) =>
        (file is null ? repo : $"{repo}/{file}") + (revision == HubReference.DefaultRevision ? "" : $" (revision {revision})");
}
