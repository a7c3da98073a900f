using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using ZImageSweep.Grains.Telemetry;

namespace ZImageSweep.Silo.Hosting;

public static class SweepTelemetryHostBuilderExtensions
{
    /// <summary>Orleans' meter (activations, messaging, storage, reminders...).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>
    /// OpenTelemetry metrics for Prometheus, served at <c>/metrics</c> by <see cref="SweepSiloEndpoints.MapSweepSilo"/>:
    /// the project's meter, Orleans', the .NET runtime's (GC, CPU, memory, thread pool) and ASP.NET Core's (requests,
    /// connections). Only a web host can serve them; the CLI's embedded silo (a plain host) gets none of it, so its
    /// grains record into a meter nobody listens to, which costs nothing.
    /// </summary>
    public static IHostApplicationBuilder AddSweepTelemetry(this IHostApplicationBuilder builder)
    {
        if (builder is not WebApplicationBuilder) return builder;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("zimagesweep-silo"))
            .WithMetrics(metrics => metrics
                .AddMeter(SweepMetrics.MeterName, OrleansMeter, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddRuntimeInstrumentation()
                // Created with the meter provider rather than with the first trainer, so slot usage and the experiment
                // census are exported from the start, also on silos that never train.
                .AddInstrumentation(sp => sp.GetRequiredService<SweepMetrics>())
                .AddPrometheusExporter());
        return builder;
    }
}
