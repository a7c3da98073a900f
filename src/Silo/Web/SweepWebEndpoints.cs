using Microsoft.AspNetCore.Routing;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Silo.Web;

public static class SweepWebEndpoints
{
    /// <summary>
    /// The web page (<c>/</c>, <c>/assets/…</c>), the JSON API and images it reads (<c>/api/…</c>), and the routes that
    /// create and control sweeps (<see cref="SweepControlApi"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapSweepWeb(this IEndpointRouteBuilder app)
    {
        app.MapWebAssets().MapSweepApi().MapSweepControlApi();
        return app;
    }
}
