namespace ZImageSweep.Engine.Hub;

/// <summary>
/// The transfer failed (connection lost, server error, unexpected response). <see cref="IsTransient"/> failures are
/// retried, each retry resuming the partial file.
/// </summary>
public sealed class HubDownloadException(string repo, string revision, string? file, string reason, bool transient, Exception? inner = null)
    : HubException(repo, revision, file, $"{Subject(repo, revision, file)}: {reason}", inner)
{
    public bool IsTransient { get; } = transient;
}
