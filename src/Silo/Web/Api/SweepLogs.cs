using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// <c>GET /api/sweeps/{sweep}/arms/{arm}/log?tail=N</c>: the last lines of an arm's worker log as plain text, as
/// <c>zsweep logs</c> prints them. The file is the one <see cref="ArtifactLayout.WorkerLogPath"/> names for an arm the
/// sweep has, so no request can read any other file.
/// </summary>
public static class SweepLogs
{
    public const int DefaultTail = 200;
    public const int MaxTail = 10_000;

    public static IEndpointRouteBuilder MapSweepLogs(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sweeps/{sweep}/arms/{arm}/log", Tail);
        return app;
    }

    static async Task<IResult> Tail(string sweep, string arm, IGrainFactory grains, IServiceProvider services, int tail = DefaultTail)
    {
        if (tail is < 1 or > MaxTail) return ApiErrors.BadRequest($"tail must be between 1 and {MaxTail}; it was {tail}.");
        if (!await KnownSweeps.Contains(grains, sweep)) return ApiErrors.UnknownSweep(sweep);
        var arms = (await grains.GetGrain<ISweepGrain>(sweep).GetSnapshot()).Arms;
        if (!arms.Any(a => a.ArmId == arm))
            return ApiErrors.NotFound($"Sweep '{sweep}' has no arm '{arm}'; GET /api/sweeps/{sweep} lists its arms.");
        // A process that serves the page as a client of another's silo has no artifact store of its own.
        if (services.GetService<ArtifactLayout>() is not { } layout)
            return ApiErrors.NotFound("This server does not hold the artifact store; ask the silo that trains the sweep.");
        string log = layout.WorkerLogPath(sweep, arm);
        if (!File.Exists(log)) return ApiErrors.NotFound($"Arm '{arm}' of sweep '{sweep}' has no worker log yet: it has not started training.");
        // Shared read: the worker host may be appending to the file.
        using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        var last = new Queue<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (last.Count == tail) last.Dequeue();
            last.Enqueue(line);
        }
        return TypedResults.Text(string.Concat(last.Select(l => l + "\n")), "text/plain; charset=utf-8");
    }
}
