namespace ZImageSweep.Engine.Hub;

/// <summary>
/// Where the Hugging Face Hub is and how to talk to it, read from the same environment variables huggingface_hub
/// uses, so an existing cache and token are shared with Python tools.
/// </summary>
public sealed record HubSettings
{
    public const string DefaultEndpoint = "https://huggingface.co";
    public const string EndpointVariable = "HF_ENDPOINT";
    public const string CacheVariable = "HF_HUB_CACHE";
    public const string HomeVariable = "HF_HOME";
    public const string TokenVariable = "HF_TOKEN";
    public const string TokenPathVariable = "HF_TOKEN_PATH";
    public const string OfflineVariable = "HF_HUB_OFFLINE";

    public required Uri Endpoint { get; init; }

    /// <summary>The hub cache folder holding <c>models--org--repo/{blobs,refs,snapshots}</c>.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c> to the endpoint (never to the CDN it redirects to).</summary>
    public string? Token { get; init; }

    /// <summary>Never touch the network; files must already be in the cache.</summary>
    public bool Offline { get; init; }

    /// <summary>Attempts per file when a connection drops; every attempt after the first resumes the partial file.</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait for another process that is downloading the same blob.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>
    /// <c>HF_ENDPOINT</c> (default https://huggingface.co); cache <c>HF_HUB_CACHE</c>, else <c>HF_HOME/hub</c>, else
    /// <c>$XDG_CACHE_HOME/huggingface/hub</c> or <c>~/.cache/huggingface/hub</c>; token <c>HF_TOKEN</c>, else the token
    /// file (<c>HF_TOKEN_PATH</c>, default <c>HF_HOME/token</c>) that <c>hf auth login</c> writes; <c>HF_HUB_OFFLINE</c>.
    /// </summary>
    /// <param name="variable">Reads a variable; defaults to the process environment (tests pass their own).</param>
    public static HubSettings FromEnvironment(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => variable(name) is { Length: > 0 } value ? value : null;

        string home = Get(HomeVariable) ?? Path.Combine(
            Get("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "huggingface");
        string tokenPath = Get(TokenPathVariable) ?? Path.Combine(home, "token");
        string? token = Get(TokenVariable) ?? (File.Exists(tokenPath) ? File.ReadAllText(tokenPath).Trim() : null);
        return new HubSettings
        {
            Endpoint = new Uri((Get(EndpointVariable) ?? DefaultEndpoint).TrimEnd('/') + "/"),
            CacheDirectory = Path.GetFullPath(Get(CacheVariable) ?? Path.Combine(home, "hub")),
            Token = token is { Length: > 0 } ? token : null,
            Offline = IsTrue(Get(OfflineVariable)),
        };
    }

    /// <summary>huggingface_hub's truthy values: 1, ON, YES, TRUE (any case).</summary>
    static bool IsTrue(string? value) =>
        value is not null && new[] { "1", "ON", "YES", "TRUE" }.Contains(value.Trim().ToUpperInvariant());
}
