using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZImageSweep.Engine.Tests.Hub;

/// <summary>One request the fake Hub received.</summary>
sealed record HubRequest(string Method, string Path, string? Range, string? Authorization, long BytesSent);

/// <summary>
/// A real HTTP server on 127.0.0.1 (two ephemeral ports: the Hub and its "CDN") serving the Hub's URL layout:
/// <c>/{repo}/resolve/{revision}/{path}</c> (HEAD and GET; <c>.safetensors</c> files behave like LFS files: a 302 to
/// the CDN port with <c>X-Linked-Etag</c> = sha256 and <c>X-Linked-Size</c>; other files are served directly with
/// the git blob id as ETag), <c>/api/models/{repo}/revision/{revision}</c>, and Range requests. It can require a
/// token, drop connections mid-file and announce a wrong sha256.
/// </summary>
sealed class FakeHub : IAsyncDisposable
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    readonly WebApplication _app;

    FakeHub(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;
    Uri _cdn = null!;
    public ConcurrentQueue<HubRequest> Requests { get; } = new();
    public Dictionary<string, Dictionary<string, byte[]>> Repos { get; } = new(StringComparer.Ordinal);
    public string? RequiredToken { get; set; }

    /// <summary>The next <see cref="DropsLeft"/> byte responses stop after this many bytes and close the connection.</summary>
    public long DropAfterBytes { get; set; }
    public int DropsLeft { get; set; }

    /// <summary>Answer Range requests with the whole file (200), as some mirrors and proxies do.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Files whose announced sha256 is not the sha256 of their content.</summary>
    public HashSet<string> WrongSha256 { get; } = [];

    public void Add(string repo, string path, byte[] content)
    {
        if (!Repos.TryGetValue(repo, out var files)) Repos[repo] = files = new(StringComparer.Ordinal);
        files[path] = content;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string GitBlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));

    public static async Task<FakeHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Listen(IPAddress.Loopback, 0);
        });
        var hub = new FakeHub(builder.Build());
        hub.Map();
        await hub._app.StartAsync();
        var addresses = hub._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        hub.Endpoint = new Uri(addresses[0] + "/");
        hub._cdn = new Uri(addresses[1] + "/");
        return hub;
    }

    void Map()
    {
        _app.Use(async (context, next) =>
        {
            try { await next(context); }
            finally
            {
                Requests.Enqueue(new HubRequest(context.Request.Method, context.Request.Path.Value!, context.Request.Headers.Range.FirstOrDefault(),
                    context.Request.Headers.Authorization.FirstOrDefault(), context.Items.TryGetValue("bytes", out var b) ? (long)b! : 0));
            }
        });
        _app.MapMethods("/{org}/{name}/resolve/{revision}/{**path}", ["GET", "HEAD"],
            (HttpContext c, string org, string name, string revision, string path) => ResolveAsync(c, $"{org}/{name}", revision, path));
        _app.MapGet("/cdn/{org}/{name}/{**path}", (HttpContext c, string org, string name, string path) =>
            ServeAsync(c, Repos[$"{org}/{name}"][path]));
        _app.MapGet("/api/models/{org}/{name}/revision/{revision}", (HttpContext c, string org, string name, string revision) =>
            ListAsync(c, $"{org}/{name}", revision));
    }

    async Task ResolveAsync(HttpContext context, string repo, string revision, string path)
    {
        if (!Authorized(context)) return;
        if (Lookup(context, repo, revision, path) is not { } content) return;
        context.Response.Headers["X-Repo-Commit"] = Commit;
        if (path.EndsWith(".safetensors", StringComparison.Ordinal))
        {
            string sha = WrongSha256.Contains(path) ? Sha256(Encoding.ASCII.GetBytes("something else")) : Sha256(content);
            context.Response.Headers["X-Linked-Etag"] = $"\"{sha}\"";
            context.Response.Headers["X-Linked-Size"] = content.Length.ToString();
            context.Response.Headers.Location = new Uri(_cdn, $"cdn/{repo}/{path}?signature=abc").ToString();
            context.Response.StatusCode = StatusCodes.Status302Found;
            return;
        }
        context.Response.Headers.ETag = $"\"{GitBlobId(content)}\"";
        await ServeAsync(context, content);
    }

    async Task ListAsync(HttpContext context, string repo, string revision)
    {
        if (!Authorized(context)) return;
        if (!Repos.TryGetValue(repo, out var files) || revision is not ("main" or Commit))
        {
            context.Response.StatusCode = 404;
            return;
        }
        await context.Response.WriteAsJsonAsync(new { sha = Commit, siblings = files.Keys.Select(f => new { rfilename = f }) });
    }

    bool Authorized(HttpContext context)
    {
        if (RequiredToken is null || context.Request.Headers.Authorization == $"Bearer {RequiredToken}") return true;
        context.Response.StatusCode = 401;
        return false;
    }

    byte[]? Lookup(HttpContext context, string repo, string revision, string path)
    {
        string? error = !Repos.TryGetValue(repo, out var files) ? "RepoNotFound"
            : revision is not ("main" or Commit) ? "RevisionNotFound"
            : !files.ContainsKey(path) ? "EntryNotFound" : null;
        if (error is null) return files![path];
        context.Response.StatusCode = 404;
        context.Response.Headers["X-Error-Code"] = error;
        return null;
    }

    /// <summary>Serves bytes with Range support; a pending drop sends <see cref="DropAfterBytes"/> bytes and closes the connection.</summary>
    async Task ServeAsync(HttpContext context, byte[] content)
    {
        long start = 0;
        if (!IgnoreRange && context.Request.Headers.Range.FirstOrDefault() is { } range && range.StartsWith("bytes=") && range.EndsWith('-'))
        {
            start = long.Parse(range["bytes=".Length..^1]);
            if (start >= content.Length)
            {
                context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                return;
            }
            context.Response.StatusCode = StatusCodes.Status206PartialContent;
            context.Response.Headers.ContentRange = $"bytes {start}-{content.Length - 1}/{content.Length}";
        }
        context.Response.ContentLength = content.Length - start;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        long length = content.Length - start;
        bool drop = DropsLeft > 0;
        if (drop)
        {
            DropsLeft--;
            length = Math.Min(length, DropAfterBytes);
        }
        await context.Response.Body.WriteAsync(content.AsMemory((int)start, (int)length));
        await context.Response.Body.FlushAsync();
        context.Items["bytes"] = length;
        // On a drop the handler returns short of Content-Length: Kestrel then sends what was written and closes the
        // connection (an abort could discard bytes still in its output pipe), so the client sees the body end early.
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
