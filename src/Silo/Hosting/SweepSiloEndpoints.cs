using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ZImageSweep.Silo.Web;

namespace ZImageSweep.Silo.Hosting;

public static class SweepSiloEndpoints
{
    /// <summary>Everything the silo serves over HTTP: <c>/healthz</c> for probes, the web page and its API, and <c>/metrics</c>.</summary>
    public static IEndpointRouteBuilder MapSweepSilo(this IEndpointRouteBuilder app)
    {
        // Liveness only: the process answers HTTP. Orleans removes a silo that stops answering its peers by itself.
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapSweepWeb();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }
}
