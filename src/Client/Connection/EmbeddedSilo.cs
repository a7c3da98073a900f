using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZImageSweep.Silo.Hosting;

namespace ZImageSweep.Client.Connection;

public static class EmbeddedSilo
{
    /// <summary>
    /// The embedded single-machine silo of <paramref name="home"/> in this process, which must own the home
    /// (<see cref="HomeLock"/>), with <see cref="EmbeddedDefaults"/> below every other setting and
    /// <paramref name="overrides"/> above them. Shared by the verbs that talk to sweeps and by <c>zsweep serve</c>,
    /// whose web host serves the page as well.
    /// </summary>
    public static T AddEmbeddedSilo<T>(this T builder, string home, HomeUse use, IReadOnlyDictionary<string, string?>? overrides = null) where T : IHostApplicationBuilder
    {
        EmbeddedDefaults.Apply(builder.Configuration, home, use, overrides);
        // Two Orleans warnings are about this host, not the user's sweep, and only clutter the CLI's screen: the
        // workstation-GC note (right for a CLI process) and the silo watchdog, which fires whenever training keeps
        // every core busy.
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.AddSweepSilo();
        return builder;
    }

    /// <summary>A client of the silo that <paramref name="owner"/> hosts for the home, on its loopback gateway.</summary>
    public static T AddHomeClient<T>(this T builder, HomeOwner owner) where T : IHostApplicationBuilder
    {
        var silo = builder.Configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(owner.GatewayPort!.Value, silo.ServiceId, silo.ClusterId);
            SweepGrainTypes.RefreshOften(client);
        });
        return builder;
    }

    /// <summary>Once the silo listens: records its ports in the home, so other commands on it become its clients.</summary>
    public static void RecordEndpoints(this HomeLock owned, IConfiguration configuration)
    {
        var silo = configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        owned.Record(owned.Owner! with { SiloPort = silo.SiloPort, GatewayPort = silo.GatewayPort });
    }
}
