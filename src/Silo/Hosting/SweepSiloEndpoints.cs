using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ZImageSweep.Silo.Web;

namespace ZImageSweep.Silo.Hosting;

public static class SweepSiloEndpoints
{
    /// <summary>
    /// Everything the silo serves over HTTP: <c>/healthz</c> for probes, the web page and its API, and <c>/metrics</c>;
    /// error answers without a body get a problem document (<c>AddProblemDetails</c> in <see cref="SweepHttpHostBuilderExtensions.AddSweepHttp"/>).
    /// </summary>
    public static WebApplication MapSweepSilo(this WebApplication app)
    {
        app.MapSweepPage();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    /// <summary>
    /// <c>/healthz</c>, the web page and its API: what a process serves that reaches the grains, a silo or a client of one.
    /// </summary>
    public static WebApplication MapSweepPage(this WebApplication app)
    {
        app.UseStatusCodePages();
        // Liveness only: the process answers HTTP. Orleans removes a silo that stops answering its peers by itself.
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapSweepWeb();
        return app;
    }
}
