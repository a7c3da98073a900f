namespace ZImageSweep.Engine.Hub;

/// <summary>The Hub answered 401 or 403: no token, a rejected token, or a gated repository whose terms are not accepted.</summary>
public sealed class HubAuthenticationException(string repo, string revision, string? file, int status, bool tokenSent)
    : HubException(repo, revision, file, Describe(repo, revision, file, status, tokenSent))
{
    public int StatusCode { get; } = status;

    static string Describe(string repo, string revision, string? file, int status, bool tokenSent) => (status, tokenSent) switch
    {
        (401, false) => $"{Subject(repo, revision, file)}: the Hub requires authentication (401). Set {HubSettings.TokenVariable} to a Hugging Face access token; the repository may also be private or not exist.",
        (401, true) => $"{Subject(repo, revision, file)}: the Hub rejected the token in {HubSettings.TokenVariable} (401); check that it is valid, or the repository may not exist.",
        _ => $"{Subject(repo, revision, file)}: access denied ({status}). If the repository is gated, accept its terms on the model page with the account whose token is in {HubSettings.TokenVariable}.",
    };
}
