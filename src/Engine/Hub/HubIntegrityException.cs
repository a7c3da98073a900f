namespace ZImageSweep.Engine.Hub;

/// <summary>A downloaded file does not have the size or the sha256 the Hub announced; the partial file is deleted.</summary>
public sealed class HubIntegrityException(string repo, string revision, string file, string reason)
    : HubException(repo, revision, file, $"{Subject(repo, revision, file)}: download is corrupt: {reason}; the partial file was deleted");
