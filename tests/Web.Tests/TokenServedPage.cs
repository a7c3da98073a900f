using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using ZImageSweep.Client.Connection;
using ZImageSweep.Silo.Hosting;
using ZImageSweep.Silo.Security;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Web.Tests;

/// <summary>
/// The page served as <c>zsweep serve --tokens-file</c> serves it (an embedded silo of a fresh home, built the CLI's
/// way, without training slots), in this process so that it can carry a stand-in for <c>POST /api/sweeps</c>: the
/// control routes are another branch's. The stand-in validates the spec as <c>zsweep run</c> does and answers 400 with
/// the named problems, or 201; it is mapped only while the app has no such route of its own.
/// </summary>
public sealed class TokenServedPage : IAsyncDisposable
{
    public const string ViewerToken = "page-viewer-4d1e", OperatorToken = "page-operator-8b2c";
    const string CreateRoute = "/api/sweeps";
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
        if (!((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
                .Any(e => e.RoutePattern.RawText == CreateRoute && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true))
            app.MapPost(CreateRoute, StandInCreate).RequireAuthorization(AccessPolicies.Operator);
        await app.StartAsync();
        return new TokenServedPage(app, home);
    }

    static async Task<IResult> StandInCreate(HttpRequest request)
    {
        string spec = await new StreamReader(request.Body).ReadToEndAsync();
        try
        {
            var sweep = SweepExpander.Expand(SweepSpecParser.Parse(spec, "request", Path.GetTempPath()));
            return Results.Created($"{CreateRoute}/{sweep.Name}", new { name = sweep.Name });
        }
        catch (SweepSpecException e)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [""] = [.. e.Problems] }, detail: e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }
}
