namespace ZImageSweep.Engine.Hub;

/// <summary>The Hub has no such repository, revision or file (404; the Hub's X-Error-Code says which).</summary>
public sealed class HubNotFoundException(string repo, string revision, string? file, string? errorCode)
    : HubException(repo, revision, file, $"{Subject(repo, revision, file)}: not found on the Hub ({errorCode ?? "404"})")
{
    public string? ErrorCode { get; } = errorCode;
}
