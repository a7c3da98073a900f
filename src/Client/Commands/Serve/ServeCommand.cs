using System.ComponentModel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Hosting;

namespace ZImageSweep.Client.Commands.Serve;

/// <summary>
/// <c>zsweep serve</c>: the embedded single-machine silo as a web host — the sweeps page, its JSON API and
/// <c>/healthz</c> — until Ctrl+C. Like every verb that hosts the embedded silo, it also carries on training the
/// unfinished sweeps of its home while it runs.
/// </summary>
public sealed class ServeCommand(IAnsiConsole console) : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--urls <URLS>")]
        [Description("Where to listen, e.g. http://127.0.0.1:8080, several separated by ';' (default: $Silo__HttpUrls, else http://127.0.0.1:5180).")]
        public string? Urls { get; init; }

        [CommandOption("--home <FOLDER>")]
        [Description("The folder whose sweeps to serve, holding zsweep.db and artifacts/ (default ~/.zsweep; the demo's is ~/.zsweep/demo).")]
        public string? Home { get; init; }

        public override ValidationResult Validate() =>
            Home is null || Directory.Exists(Home) ? ValidationResult.Success() : ValidationResult.Error($"--home '{Home}' is not a folder.");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        var overrides = settings.Home is null ? [] : EmbeddedDefaults.Home(Path.GetFullPath(settings.Home));
        if (settings.Urls is not null) overrides[WebHostDefaults.ServerUrlsKey] = settings.Urls;
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning); // the URL below is what the user needs, not the hosts' start-up log
        builder.AddEmbeddedSilo(overrides);
        HttpListenAddresses.ThrowIfTaken(HttpListenAddresses.Of(builder.Configuration)); // one line, before the silo starts
        await using var app = builder.Build();
        app.MapSweepSilo();
        await app.StartAsync(cancellation);
        // The bound addresses, so a port of 0 in --urls shows the one the system picked.
        foreach (string url in app.Urls) console.MarkupLine($"Serving [bold]{Markup.Escape(url)}[/] (Ctrl+C stops)");
        await app.WaitForShutdownAsync(cancellation);
        return 0;
    }
}
