using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Silo.Web;

/// <summary>
/// The page's files (HTML, CSS, JavaScript modules), embedded in this assembly so that every host of the silo — the
/// silo process and <c>zsweep serve</c> — serves them without a content root. <c>/</c> is the page; the rest is under
/// <c>/assets/</c>. The entity tag is the assembly's build id, so browsers revalidate after an upgrade and get 304s otherwise.
/// </summary>
public static class WebAssets
{
    const string ResourcePrefix = "web/"; // the LogicalName prefix in Silo.csproj
    static readonly Assembly Assembly = typeof(WebAssets).Assembly;
    static readonly FileExtensionContentTypeProvider ContentTypes = new();
    static readonly EntityTagHeaderValue BuildTag = new($"\"{Assembly.ManifestModule.ModuleVersionId:N}\"");

    /// <returns>The group of the page's files, for conventions such as authorization.</returns>
    public static RouteGroupBuilder MapWebAssets(this IEndpointRouteBuilder app)
    {
        var assets = app.MapGroup("");
        assets.MapGet("/", () => Asset("index.html"));
        assets.MapGet("/assets/{name}", (string name) => Asset(name));
        return assets;
    }

    static IResult Asset(string name)
    {
        Stream? content = Assembly.GetManifestResourceStream(ResourcePrefix + name);
        if (content is null) return ApiErrors.NotFound($"There is no asset '{name}'.");
        string contentType = ContentTypes.TryGetContentType(name, out string? type) ? type : "application/octet-stream";
        return TypedResults.Stream(content, contentType, entityTag: BuildTag);
    }
}
