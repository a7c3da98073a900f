using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using ZImageSweep.Silo.Security;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Silo.Web;

public static class SweepWebEndpoints
{
    /// <summary>
    /// The web page (<c>/</c>, <c>/assets/…</c>), the JSON API and images it reads (<c>/api/…</c>), which need a
    /// viewer's token when tokens are configured, and the routes that create and control sweeps
    /// (<see cref="SweepControlApi"/>), which need an operator's. The page's own files hold no sweep data and a browser
    /// cannot send a bearer token when it navigates, so they are served to anyone; the page asks for a token once the
    /// API answers 401.
    /// </summary>
    public static IEndpointRouteBuilder MapSweepWeb(this IEndpointRouteBuilder app)
    {
        app.MapWebAssets().AllowAnonymous();
        var read = app.MapGroup("").RequireAuthorization(AccessPolicies.Viewer);
        read.MapSweepApi();
        read.MapWhoAmI();
        app.MapSweepControlApi().RequireAuthorization(AccessPolicies.Operator);
        return app;
    }
}
