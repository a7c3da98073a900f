using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ZImageSweep.Silo.Hosting;
using ZImageSweep.Silo.Security;

namespace ZImageSweep.Silo.Tests.Security;

/// <summary>
/// The silo's web host as Silo.Host builds it (embedded silo on a temporary SQLite file, no GPU slot, free ports), with
/// <paramref name="settings"/> on top, every log line recorded, and a stand-in control route: the operator's routes
/// are another branch's, and this one, in the test host only, stands for them until they are merged.
/// </summary>
internal sealed class AccessTestHost : IAsyncDisposable
{
    /// <summary>A POST that only operators may call, as the control routes are.</summary>
    public const string StandInControlRoute = "/api/test-control";

    readonly string _folder;

    AccessTestHost(WebApplication app, RecordedLog log, string folder)
    {
        App = app;
        Log = log;
        _folder = folder;
    }

    public WebApplication App { get; }

    public RecordedLog Log { get; }

    public string Url => App.Urls.Single();

    public static async Task<AccessTestHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        string folder = Directory.CreateTempSubdirectory("zsweep-access-").FullName;
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0",
            ["Silo:SqlitePath"] = Path.Combine(folder, "zsweep.db"),
            ["Silo:SiloPort"] = FreePorts.Take().ToString(),
            ["Silo:GatewayPort"] = FreePorts.Take().ToString(),
            ["Silo:ResumeUnfinishedAtStart"] = "false",
            ["Gpu:Mode"] = "Cpu",
            ["Gpu:CpuSlots"] = "0",
            ["Worker:Command"] = "/bin/false", // required, and never started: there is no slot to train on
        });
        builder.Configuration.AddInMemoryCollection(settings);
        var log = new RecordedLog();
        builder.Logging.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Debug);
        configure?.Invoke(builder);
        builder.AddSweepSilo();
        var app = builder.Build();
        app.MapSweepSilo();
        app.MapPost(StandInControlRoute, () => Results.Ok()).RequireAuthorization(AccessPolicies.Operator);
        await app.StartAsync();
        return new AccessTestHost(app, log, folder);
    }

    public HttpClient Client(string? token, HttpMessageHandler? handler = null)
    {
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = new Uri(Url);
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
