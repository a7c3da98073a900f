namespace ZImageSweep.Silo.Security;

/// <summary>
/// Who may call the HTTP API (configuration section <c>Auth</c>). No token at all keeps the open single-user mode of a
/// workstation; any token makes every <c>/api</c> route need one (docs: README "Cluster").
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>A file of <c>role:token</c> or <c>role:sha256:&lt;hex&gt;</c> lines (<see cref="TokenLines"/>); Kubernetes mounts it from a Secret.</summary>
    public string? TokensFile { get; set; }

    /// <summary>The same lines as configuration values (<c>Auth__Tokens__0=viewer:…</c>), added to the file's.</summary>
    public List<string> Tokens { get; set; } = [];

    /// <summary>The bearer token <c>/metrics</c> then needs; without one (and without <see cref="MetricsTokenFile"/>) it stays open to scrapers.</summary>
    public string? MetricsToken { get; set; }

    /// <summary>A file whose first line is the metrics token, for a Secret.</summary>
    public string? MetricsTokenFile { get; set; }
}
