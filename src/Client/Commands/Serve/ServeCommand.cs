using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Signals;
using ZImageSweep.Silo.Hosting;
using ZImageSweep.Silo.Web;

namespace ZImageSweep.Client.Commands.Serve;

/// <summary>
/// <c>zsweep serve</c>: the web page of a home — its sweeps, their JSON API and <c>/healthz</c> — until Ctrl+C. On a home
/// that no process owns it hosts the home's silo, and so carries on training its unfinished sweeps while it runs
/// (Ctrl+C or SIGTERM then has the workers save and stop). While another process owns the home (a <c>zsweep run</c>
/// that trains, say) it serves the page as a client of that silo, and takes the home over when that process ends.
/// </summary>
public sealed class ServeCommand(IAnsiConsole console) : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : HomeSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Where to listen, e.g. http://127.0.0.1:8080, several separated by ';' (default: $Silo__HttpUrls, else http://127.0.0.1:5180).")]
        public string? Urls { get; init; }

        [CommandOption(SweepCommandLine.TokensFile + " <FILE>")]
        [Description("Access tokens, one role:token or role:sha256:<hex> per line (roles viewer, operator, admin); without any, anyone who reaches --urls may do everything.")]
        public string? TokensFile { get; init; }

        [CommandOption(SweepCommandLine.MetricsTokenFile + " <FILE>")]
        [Description("The bearer token /metrics then needs (its first line); without it /metrics is open.")]
        public string? MetricsTokenFile { get; init; }

        [CommandOption(SweepCommandLine.TlsCertificate + " <FILE>")]
        [Description("Serve HTTPS with this certificate: PEM (with --tls-key) or PKCS#12 (.pfx).")]
        public string? TlsCertificate { get; init; }

        [CommandOption(SweepCommandLine.TlsKey + " <FILE>")]
        [Description("The PEM private key of --tls-cert.")]
        public string? TlsKey { get; init; }

        /// <summary>The options given, as the configuration keys they set (<see cref="SweepCommandLine.SwitchMappings"/>).</summary>
        public Dictionary<string, string?> ConfigurationOverrides()
        {
            var given = new Dictionary<string, string?>
            {
                [WebHostDefaults.ServerUrlsKey] = Urls,
                [SweepCommandLine.SwitchMappings[SweepCommandLine.TokensFile]] = TokensFile,
                [SweepCommandLine.SwitchMappings[SweepCommandLine.MetricsTokenFile]] = MetricsTokenFile,
                [SweepCommandLine.SwitchMappings[SweepCommandLine.TlsCertificate]] = TlsCertificate,
                [SweepCommandLine.SwitchMappings[SweepCommandLine.TlsKey]] = TlsKey,
            };
            return given.Where(o => o.Value is not null).ToDictionary();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        TimeSpan? hostedWorkerStopTimeout = null;
        using var signals = TrainingHostSignals.Listen(console, () => hostedWorkerStopTimeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, signals.Stopping);
        while (true)
        {
            var claim = await HomeOwnership.ClaimAsync(settings.ResolvedHome, HomeUse.Train, context.Name, console.WriteLine, stop.Token);
            var builder = WebApplication.CreateBuilder();
            builder.Logging.SetMinimumLevel(LogLevel.Warning); // the URL below is what the user needs, not the hosts' start-up log
            if (claim.Lock is { } owned)
            {
                try
                {
                    builder.AddEmbeddedSilo(owned.Home, HomeUse.Train, settings.ConfigurationOverrides());
                    HttpListenAddresses.ThrowIfTaken(HttpListenAddresses.Of(builder.Configuration)); // one line, before the silo starts
                    await using var app = builder.Build();
                    app.MapSweepSilo();
                    await app.StartAsync(stop.Token);
                    owned.RecordEndpoints(app.Configuration);
                    hostedWorkerStopTimeout = SweepConnection.WorkerStopTimeout(app.Services);
                    PrintUrls(app, "");
                    await WaitAsync(stop.Token);
                    await app.StopAsync(CancellationToken.None);
                }
                finally
                {
                    owned.Dispose();
                }
                return TrainingHostSignals.Stopped(console, signals, hosted: true);
            }

            var owner = claim.Owner!;
            builder.AddHomeClient(owner);
            builder.Configuration.AddInMemoryCollection(settings.ConfigurationOverrides());
            string urls = settings.Urls ?? new SiloHostOptions().HttpUrls;
            HttpListenAddresses.ThrowIfTaken(urls);
            builder.AddSweepHttp(urls);
            await using (var app = builder.Build())
            {
                // The page and its API need only grain calls; /metrics stays with the silo's own process.
                app.MapSweepPage();
                await app.StartAsync(stop.Token);
                PrintUrls(app, $", a client of {owner.Describe()}, which owns {settings.ResolvedHome}");
                await Task.WhenAny(WaitAsync(stop.Token), owner.WaitForExitAsync(stop.Token));
                await app.StopAsync(CancellationToken.None);
            }
            if (signals.IsStopping) return signals.ExitCode;
            console.MarkupLine($"{Markup.Escape(owner.Describe())} has ended; serving {Markup.Escape(settings.ResolvedHome)} from here.");
        }
    }

    void PrintUrls(WebApplication app, string note)
    {
        // The bound addresses, so a port of 0 in --urls shows the one the system picked.
        foreach (string url in app.Urls) console.MarkupLine($"Serving [bold]{Markup.Escape(url)}[/] (Ctrl+C stops{Markup.Escape(note)})");
    }

    static Task WaitAsync(CancellationToken stop) => Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
}
