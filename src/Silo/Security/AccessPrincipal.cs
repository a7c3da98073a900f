using System.Security.Claims;

namespace ZImageSweep.Silo.Security;

/// <summary>
/// The caller as authorization sees it: one role claim per role held (a token's role and the roles it includes), a
/// marker when the silo is open (no tokens configured), and the scrape claim of the metrics token.
/// </summary>
public static class AccessPrincipal
{
    /// <summary>Present, with value true, when no token is configured and so every caller holds every role.</summary>
    public const string OpenClaim = "zsweep:open";

    /// <summary>Present for the holder of the metrics scrape token.</summary>
    public const string ScrapeClaim = "zsweep:metrics-scrape";

    public static ClaimsPrincipal Create(string scheme, AccessRole? role, bool open, bool scrape)
    {
        var claims = new List<Claim>();
        if (open) claims.Add(new Claim(OpenClaim, "true"));
        if (scrape) claims.Add(new Claim(ScrapeClaim, "true"));
        if (role is { } held) claims.AddRange(AccessRoles.Granted(held).Select(r => new Claim(ClaimTypes.Role, AccessRoles.NameOf(r))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary><c>open</c>, or the highest role <paramref name="user"/> holds; what <c>/api/whoami</c> answers.</summary>
    public static string RoleNameOf(ClaimsPrincipal user) =>
        user.HasClaim(OpenClaim, "true") ? AccessRoles.Open
            : AccessRoles.All.Reverse().Where(r => user.IsInRole(AccessRoles.NameOf(r))).Select(AccessRoles.NameOf).FirstOrDefault() ?? "";
}
