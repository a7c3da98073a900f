using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using ZImageSweep.Grains.Hosting;

namespace ZImageSweep.Silo.Hosting;

public static class SweepSiloHostBuilderExtensions
{
    /// <summary>
    /// The whole silo from configuration: clustering and storage by <see cref="SiloHostOptions.Mode"/>, the sweep grains,
    /// and (embedded mode, unless
    /// <see cref="SiloHostOptions.ResumeUnfinishedAtStart"/> is off) a start-up task that resumes unfinished experiments,
    /// whose reminders did not survive.
    /// </summary>
    /// <exception cref="OptionsValidationException">The <c>Silo</c> settings are invalid; the message lists each.</exception>
    public static IHostApplicationBuilder AddSweepSilo(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        var validation = new SiloHostOptionsValidator().Validate(null, options);
        if (validation.Failed) throw new OptionsValidationException(SiloHostOptions.Section, typeof(SiloHostOptions), validation.Failures);

        // Embedded mode works out of the box: artifacts go beside the database unless configured.
        if (options.Mode == SiloMode.Embedded && string.IsNullOrWhiteSpace(builder.Configuration["Artifacts:Root"]))
            builder.Configuration["Artifacts:Root"] = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.SqlitePath))!, "artifacts");

        // A web host (the silo process, `zsweep serve`) listens where the options say unless ASP.NET's own urls is set.
        builder.AddSweepHttp(HttpListenAddresses.Of(builder.Configuration));
        builder.AddSweepTelemetry();

        builder.UseOrleans(silo =>
        {
            silo.Configure<SiloOptions>(o => o.SiloName = options.ResolvedName);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            });
            // Orleans' own timings (membership probes, reminder period, response timeout) stay tunable from
            // configuration, e.g. Tuning__Membership__ProbeTimeout, so tests and small clusters can fail over fast.
            // Not under "Orleans:", where Orleans looks for provider declarations.
            silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration("Tuning:Membership");
            silo.Services.AddOptions<ReminderOptions>().BindConfiguration("Tuning:Reminders");
            silo.Services.AddOptions<SiloMessagingOptions>().BindConfiguration("Tuning:Messaging");
            if (options.Mode == SiloMode.Embedded) silo.AddEmbeddedMode(options);
            else silo.AddClusterMode(options);
            silo.AddSweepGrains();
            // The Orleans dashboard's grains and services, for the web host's /dashboard (SweepSiloEndpoints.MapSweepSilo);
            // a plain host, the CLI's embedded silo, serves no HTTP.
            if (builder is WebApplicationBuilder) silo.AddDashboard();
        });
        return builder;
    }

    static void AddEmbeddedMode(this ISiloBuilder silo, SiloHostOptions options)
    {
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        silo.AddSweepSqliteStorage(options.SqlitePath);
        silo.UseInMemoryReminderService();
        if (options.ResumeUnfinishedAtStart) silo.AddStartupTask<ResumeUnfinishedExperiments>();
    }
}
