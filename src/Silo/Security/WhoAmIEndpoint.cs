using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ZImageSweep.Silo.Security;

public static class WhoAmIEndpoint
{
    /// <summary>
    /// <c>GET /api/whoami</c>: <c>{"role": "viewer"|"operator"|"admin"|"open"}</c>, the caller's highest role, so the page
    /// shows only the controls it may use.
    /// </summary>
    public static IEndpointConventionBuilder MapWhoAmI(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/whoami", (ClaimsPrincipal user) => TypedResults.Ok(new WhoAmI(AccessPrincipal.RoleNameOf(user))));
}
