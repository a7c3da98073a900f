using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ZImageSweep.Silo.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c> against <see cref="AccessTokens"/>. With no role token
/// configured every caller is let in holding every role (the open mode). A missing or unknown token is challenged
/// with 401 and <c>WWW-Authenticate: Bearer</c> (RFC 6750 §3); a known token without the role a route needs gets 403.
/// Failure messages never contain the presented token, since ASP.NET logs them.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    const string Prefix = SchemeName + " ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? token = PresentedToken();
        AccessRole? role = tokens.IsOpen ? AccessRoles.All[^1] : token is null ? null : tokens.RoleOf(token);
        bool scrape = token is not null && tokens.IsMetricsToken(token);
        if (role is null && !scrape)
            return Task.FromResult(token is null ? AuthenticateResult.NoResult() : AuthenticateResult.Fail("The bearer token is not one of the configured tokens."));
        var principal = AccessPrincipal.Create(SchemeName, role, tokens.IsOpen, scrape);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }

    string? PresentedToken()
    {
        string? header = Request.Headers[HeaderNames.Authorization];
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return null;
        return header[Prefix.Length..].Trim() is { Length: > 0 } token ? token : null;
    }
}
