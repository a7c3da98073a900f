using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// The routes that change sweeps: <c>POST /api/sweeps</c> creates one from a spec (the same expansion and validation
/// as <c>zsweep run</c>), and <c>POST /api/sweeps/{sweep}/pause|resume|cancel|retry</c> act on one. Each answers with the
/// sweep as <c>GET /api/sweeps/{sweep}</c> does; a refused change is 409 with the grain's message. They are a group of
/// their own so that the host can require an operator's authorization of all of them at once.
/// </summary>
public static class SweepControlApi
{
    /// <summary>The client request id header: the same id and body answer as the first request did (eShop's <c>x-requestid</c>).</summary>
    public const string RequestIdHeader = "x-requestid";

    /// <value>Long enough for a GUID or a ULID with a prefix; a grain key, so not unbounded.</value>
    const int MaxRequestIdLength = 128;

    /// <summary>Where problems in a posted spec are reported, in place of a file name.</summary>
    const string Origin = "request body";

    public static RouteGroupBuilder MapSweepControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/api/sweeps");
        control.AddEndpointFilter<UserErrorProblems>();
        control.MapPost("", Create);
        control.MapPost("/{sweep}/pause", (string sweep, IGrainFactory grains) => Act(grains, sweep, g => g.Pause()));
        control.MapPost("/{sweep}/resume", (string sweep, IGrainFactory grains) => Act(grains, sweep, g => g.Resume()));
        control.MapPost("/{sweep}/cancel", (string sweep, IGrainFactory grains) => Act(grains, sweep, g => g.Cancel()));
        // ?arm=ID, repeated, names the arms to retry; none retries every failed arm (zsweep retry).
        control.MapPost("/{sweep}/retry", (string sweep, [FromQuery] string[]? arm, IGrainFactory grains) => Act(grains, sweep, g => g.Retry([.. arm ?? []])));
        control.MapPost("/{sweep}/arms/{arm}/extend", Extend);
        return control;
    }

    /// <summary>Body <c>{"steps": N}</c>: trains a finished arm N more steps (<see cref="ISweepGrain.Extend"/>); 404 for an unknown arm, 409 for one that cannot be extended.</summary>
    static async Task<IResult> Extend(string sweep, string arm, ExtendRequest body, IGrainFactory grains)
    {
        if (body.Steps < 1) return ApiErrors.BadRequest($"steps must be at least 1; it was {body.Steps}.");
        if (!await KnownSweeps.Contains(grains, sweep)) return ApiErrors.UnknownSweep(sweep);
        try
        {
            return TypedResults.Ok(await SweepViews.Of(grains, await grains.GetGrain<ISweepGrain>(sweep).Extend(arm, body.Steps)));
        }
        catch (ExtendRejectedException e)
        {
            return ApiErrors.Conflict(e.Message);
        }
    }

    static async Task<IResult> Create(HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        string? requestId = request.Headers[RequestIdHeader];
        if (requestId is { Length: 0 or > MaxRequestIdLength })
            return ApiErrors.BadRequest($"The {RequestIdHeader} header must be 1 to {MaxRequestIdLength} characters.");
        var (text, unreadable) = await SweepSpecBody.ReadAsync(request, cancellationToken);
        if (unreadable is not null) return unreadable;
        SweepDefinition definition;
        try
        {
            definition = SweepExpander.Expand(SweepSpecParser.Parse(text!, Origin, baseDirectory: null));
        }
        catch (SweepSpecException e)
        {
            return ApiErrors.SpecRefused(e.Message, e.Problems);
        }
        if (requestId is not null)
        {
            var asked = new SweepRequest(definition.Name, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text!))));
            var first = await grains.GetGrain<ISweepRequestGrain>(requestId).Claim(asked);
            if (first != asked)
                return ApiErrors.Conflict($"The {RequestIdHeader} '{requestId}' was already used for a different request (sweep '{first.Sweep}'); send a new id for a new request.");
        }
        bool existed = await KnownSweeps.Contains(grains, definition.Name);
        SweepSnapshot snapshot;
        try
        {
            // A sweep of this name and these arms already there is the same sweep: Create answers with it (idempotent).
            snapshot = await grains.GetGrain<ISweepGrain>(definition.Name).Create(definition);
        }
        catch (SweepRejectedException e)
        {
            return existed ? ApiErrors.Conflict(e.Message) : ApiErrors.SpecRefused(e.Message, [e.Message]);
        }
        return TypedResults.Created($"/api/sweeps/{Uri.EscapeDataString(definition.Name)}", await SweepViews.Of(grains, snapshot));
    }

    static async Task<IResult> Act(IGrainFactory grains, string sweep, Func<ISweepGrain, Task<SweepSnapshot>> action)
    {
        if (!await KnownSweeps.Contains(grains, sweep)) return ApiErrors.UnknownSweep(sweep);
        try
        {
            return TypedResults.Ok(await SweepViews.Of(grains, await action(grains.GetGrain<ISweepGrain>(sweep))));
        }
        catch (Exception e) when (e is SweepRejectedException or InvalidTransitionException)
        {
            return ApiErrors.Conflict(e.Message);
        }
    }
}
