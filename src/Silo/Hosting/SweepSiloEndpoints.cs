using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;
using ZImageSweep.Silo.Security;
using ZImageSweep.Silo.Web;

namespace ZImageSweep.Silo.Hosting;

public static class SweepSiloEndpoints
{
    /// <summary>Where the Orleans dashboard is served, to admins (<see cref="AccessPolicies.Admin"/>).</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// Everything the silo serves over HTTP: <c>/healthz</c> for probes, the web page and its API, <c>/metrics</c>
    /// (open, or behind its scrape token when one is configured) and the Orleans dashboard for admins; error answers
    /// without a body get a problem document (<c>AddProblemDetails</c> in <see cref="SweepHttpHostBuilderExtensions.AddSweepHttp"/>).
    /// </summary>
    public static WebApplication MapSweepSilo(this WebApplication app)
    {
        app.MapSweepPage();
        var metrics = app.MapPrometheusScrapingEndpoint();
        if (app.Services.GetRequiredService<AccessTokens>().ProtectsMetrics) metrics.RequireAuthorization(AccessPolicies.MetricsScrape);
        else metrics.AllowAnonymous();
        app.MapOrleansDashboard(routePrefix: DashboardPath).RequireAuthorization(AccessPolicies.Admin);
        return app;
    }

    /// <summary>
    /// <c>/healthz</c>, the web page and its API: what a process serves that reaches the grains, a silo or a client of one.
    /// </summary>
    public static WebApplication MapSweepPage(this WebApplication app)
    {
        app.UseStatusCodePages();
        // Liveness only: the process answers HTTP. Orleans removes a silo that stops answering its peers by itself.
        // Open to probes, which carry no token.
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
        app.MapSweepWeb();
        return app;
    }
}
