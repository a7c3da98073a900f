using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZImageSweep.Silo.Hosting;

namespace ZImageSweep.Client.Connection;

public static class EmbeddedSilo
{
    /// <summary>
    /// The embedded single-machine silo in this process, with <see cref="EmbeddedDefaults"/> below every other setting
    /// and <paramref name="overrides"/> above them. Shared by the verbs that talk to sweeps and by <c>zsweep serve</c>,
    /// whose web host serves the page as well.
    /// </summary>
    public static T AddEmbeddedSilo<T>(this T builder, IReadOnlyDictionary<string, string?>? overrides = null) where T : IHostApplicationBuilder
    {
        EmbeddedDefaults.Apply(builder.Configuration, overrides);
        // Two Orleans warnings are about this host, not the user's sweep, and only clutter the CLI's screen: the
        // workstation-GC note (right for a CLI process) and the silo watchdog, which fires whenever training keeps
        // every core busy.
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.Logging.AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.AddSweepSilo();
        return builder;
    }
}
