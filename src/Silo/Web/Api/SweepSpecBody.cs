using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// The body of <c>POST /api/sweeps</c>: a sweep spec as YAML, or the same as JSON (which is YAML, so one parser reads
/// both), of at most <see cref="MaxBytes"/>. Read here with that cap, so an oversized body is refused with 413 by
/// every host the same way, whatever its server's own limit.
/// </summary>
public static class SweepSpecBody
{
    /// <value>1 MiB: a spec with an inline base job is a few kilobytes; anything near this is not a spec.</value>
    public const int MaxBytes = 1 << 20;

    public static readonly string[] MediaTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/plain", "application/json"];

    /// <returns>The text, or the problem to answer with (413 oversized, 415 not a spec's media type).</returns>
    public static async Task<(string? Text, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !MediaTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase))
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Send the sweep spec as {string.Join(", ", MediaTypes)}; the Content-Type was '{request.ContentType}'."));
        if (request.ContentLength > MaxBytes) return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        return (System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }

    static ProblemHttpResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
        detail: $"A sweep spec is at most {MaxBytes / 1024} KiB.");
}
