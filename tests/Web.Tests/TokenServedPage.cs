using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Hosting;

namespace ZImageSweep.Web.Tests;

/// <summary>
/// The page served as <c>zsweep serve --tokens-file</c> serves it (an embedded silo of a fresh home, built the CLI's
/// way, without training slots), in this process, with its real routes and policies.
/// </summary>
public sealed class TokenServedPage : IAsyncDisposable
{
    public const string ViewerToken = "page-viewer-4d1e", OperatorToken = "page-operator-8b2c";
    readonly string _home;

    TokenServedPage(WebApplication app, string home)
    {
        App = app;
        _home = home;
    }

    public WebApplication App { get; }

    public string Url => App.Urls.Single();

    public static async Task<TokenServedPage> StartAsync()
    {
        string home = Directory.CreateTempSubdirectory("zsweep-token-page-").FullName;
        string tokens = Path.Combine(home, "tokens");
        await File.WriteAllLinesAsync(tokens, [$"viewer:{ViewerToken}", $"operator:{OperatorToken}"]);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddEmbeddedSilo(home, HomeUse.Inspect, new Dictionary<string, string?>
        {
            [WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0",
            [SweepCommandLine.SwitchMappings[SweepCommandLine.TokensFile]] = tokens,
        });
        var app = builder.Build();
        app.MapSweepSilo();
        await app.StartAsync();
        return new TokenServedPage(app, home);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }
}
