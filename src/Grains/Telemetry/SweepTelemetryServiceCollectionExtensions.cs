using Microsoft.Extensions.DependencyInjection;

namespace ZImageSweep.Grains.Telemetry;

public static class SweepTelemetryServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="SweepMetrics.MeterName"/> meter and what it reads. Recording costs nothing until a listener
    /// (the silo's OpenTelemetry exporter) subscribes to the meter.
    /// </summary>
    public static IServiceCollection AddSweepMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<SlotUsageProbe>();
        services.AddSingleton<ExperimentCensus>();
        services.AddSingleton<SweepMetrics>();
        return services;
    }
}
