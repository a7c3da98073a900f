using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using ZImageSweep.Grains.Interfaces.Comparisons;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// Serves the sample images and grids of a sweep. A URL names an image by sweep, step, arm and position, never by
/// path: the file served is the one the sweep's <see cref="IComparisonGrain"/> recorded there, so no request can read
/// any other file of the silo.
/// </summary>
public static class SweepImages
{
    static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static string SampleUrl(string sweep, long step, string armId, int index) =>
        $"/api/sweeps/{Uri.EscapeDataString(sweep)}/steps/{step}/arms/{Uri.EscapeDataString(armId)}/samples/{index}";

    public static string GridUrl(string sweep, long step) => $"/api/sweeps/{Uri.EscapeDataString(sweep)}/steps/{step}/grid";

    public static IEndpointRouteBuilder MapSweepImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sweeps/{sweep}/steps/{step:long}/arms/{armId}/samples/{index:int}", Sample);
        app.MapGet("/api/sweeps/{sweep}/steps/{step:long}/grid", Grid);
        return app;
    }

    static async Task<IResult> Sample(string sweep, long step, string armId, int index, IGrainFactory grains)
    {
        if (!await KnownSweeps.Contains(grains, sweep)) return ApiErrors.UnknownSweep(sweep);
        StepComparison comparison = await grains.GetGrain<IComparisonGrain>(sweep).GetStep(step);
        var samples = comparison.Arms.FirstOrDefault(a => a.ArmId == armId)?.Samples ?? [];
        if (index < 0 || index >= samples.Length)
            return ApiErrors.NotFound($"Arm '{armId}' of sweep '{sweep}' has no sample {index} at step {step}; GET /api/sweeps/{sweep}/steps/{step} lists its samples.");
        return ImageFile(samples[index].Path);
    }

    static async Task<IResult> Grid(string sweep, long step, IGrainFactory grains)
    {
        if (!await KnownSweeps.Contains(grains, sweep)) return ApiErrors.UnknownSweep(sweep);
        StepComparison comparison = await grains.GetGrain<IComparisonGrain>(sweep).GetStep(step);
        return comparison.GridPath is { } path
            ? ImageFile(path)
            : ApiErrors.NotFound($"Sweep '{sweep}' has no grid at step {step} yet: it is built once every running arm has sampled that step.");
    }

    /// <summary>Only images: a recorded path that is not one (or no longer exists) is refused rather than served.</summary>
    static IResult ImageFile(string path)
    {
        string full = Path.GetFullPath(path);
        if (!ContentTypes.TryGetContentType(full, out string? contentType) || !contentType.StartsWith("image/", StringComparison.Ordinal))
            return ApiErrors.NotFound($"'{Path.GetFileName(full)}' is not an image.");
        if (!File.Exists(full)) return ApiErrors.NotFound($"The image '{Path.GetFileName(full)}' is no longer on the artifact store.");
        return TypedResults.PhysicalFile(full, contentType, lastModified: File.GetLastWriteTimeUtc(full));
    }
}
