using System.Net;
using Microsoft.AspNetCore.Mvc;
using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// A server refused a request or could not be reached: one line naming the server and what it said (the problem
/// document's <c>detail</c>). <see cref="BadInput"/> (a 400) exits with <see cref="CommandErrors.Input"/>; the rest —
/// unauthorised, forbidden, not found, unreachable — with <see cref="CommandErrors.Runtime"/>.
/// </summary>
public sealed class SweepServerException(string message, bool badInput) : Exception(message), IUserFacingError
{
    public bool BadInput { get; } = badInput;

    public static async Task<SweepServerException> FromAsync(Uri server, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string said = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "it needs a token it accepts (--token-file or $ZSWEEP_TOKEN)",
            HttpStatusCode.Forbidden => "the token's role may not do this",
            _ => await DetailOf(response, cancellationToken),
        };
        return new SweepServerException($"{server} answered {(int)response.StatusCode} ({response.ReasonPhrase}): {said}",
            badInput: response.StatusCode == HttpStatusCode.BadRequest);
    }

    /// <summary>The problem document's detail (its title when it has none), or the body as text when it is not one.</summary>
    public static async Task<string> DetailOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var problem = System.Text.Json.JsonSerializer.Deserialize<ProblemDetails>(body, System.Text.Json.JsonSerializerOptions.Web);
            if ((problem?.Detail ?? problem?.Title) is { Length: > 0 } said) return said;
        }
        catch (System.Text.Json.JsonException)
        {
            // not a problem document: the text says what it says
        }
        return body.Trim() is { Length: > 0 } text ? text : "(no detail)";
    }
}
