using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ZImageSweep.Grains.Interfaces.Errors;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>The API's errors as RFC 9457 problem documents, whose <c>detail</c> says what was not found and where to look instead.</summary>
internal static class ApiErrors
{
    public static ProblemHttpResult NotFound(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult BadRequest(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    /// <summary>A change the sweep refused in its current state (a cancelled sweep resumed, a name taken by another sweep).</summary>
    public static ProblemHttpResult Conflict(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>A sweep spec that cannot run: <c>errors</c> lists each problem, naming its axis or key, as <c>zsweep run</c> prints them.</summary>
    public static ProblemHttpResult SpecRefused(string detail, IReadOnlyList<string> problems) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "The sweep spec was refused", detail: detail,
        extensions: new Dictionary<string, object?> { ["errors"] = problems });

    /// <summary>A user-facing error from a grain: 404 when it names something that does not exist, else 400.</summary>
    public static ProblemHttpResult For(Exception userError) =>
        userError is NotFoundException ? NotFound(userError.Message) : BadRequest(userError.Message);

    public static ProblemHttpResult UnknownSweep(string sweep) => NotFound($"There is no sweep named '{sweep}'; GET /api/sweeps lists them.");

    public static ProblemHttpResult UnknownStep(string sweep, long step) =>
        NotFound($"No arm of sweep '{sweep}' has samples at step {step}; GET /api/sweeps/{sweep} lists its sample steps.");
}
