using System.Net;
using System.Text.RegularExpressions;

namespace ZImageSweep.Web.Tests;

/// <summary>The page's files come out of the silo assembly: the page, its stylesheet and every module it imports.</summary>
[Collection(ServedSweepCollection.Name), Trait(Tier.Name, Tier.Integration)]
public sealed partial class WebAssetsTests(ServedSweep served)
{
    [Fact]
    public async Task ThePage_AndEveryModuleItImports_AreServed()
    {
        string page = await Get("/", "text/html");
        Assert.Contains("href=\"/assets/style.css\"", page);
        Assert.Contains("<script type=\"module\" src=\"/assets/app.js\">", page);
        await Get("/assets/style.css", "text/css");

        var seen = new HashSet<string>();
        var pending = new Queue<string>(["app.js"]);
        while (pending.TryDequeue(out string? module))
        {
            if (!seen.Add(module)) continue;
            string source = await Get($"/assets/{module}", "text/javascript");
            foreach (Match import in Import().Matches(source)) pending.Enqueue(import.Groups[1].Value);
        }
        Assert.Contains("line-chart.js", seen);
        Assert.Contains("swipe-view.js", seen);
    }

    [Fact]
    public async Task Assets_AreRevalidatedByTheirEntityTag()
    {
        using var first = await served.Http.GetAsync("/assets/app.js", Ct);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await served.Http.SendAsync(again, Ct);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownAsset_Is404()
    {
        using var response = await served.Http.GetAsync("/assets/missing.js", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    async Task<string> Get(string url, string mediaType)
    {
        using var response = await served.Http.GetAsync(url, Ct);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"from '\./([\w-]+\.js)'")]
    private static partial Regex Import();
}
