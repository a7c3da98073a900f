using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Web.Tests;

/// <summary>The JSON API and image endpoint of a live silo, over plain HTTP.</summary>
[Collection(ServedSweepCollection.Name), Trait(Tier.Name, Tier.Integration)]
public sealed class SweepApiTests(ServedSweep served)
{
    HttpClient Http => served.Http;

    [Fact]
    public async Task Sweeps_ListsTheSweepWithItsArmsCountedByStatus()
    {
        var sweeps = await Http.GetFromJsonAsync<SweepSummary[]>("/api/sweeps", Ct);

        var sweep = Assert.Single(sweeps!, s => s.Name == ServedSweep.Name);
        Assert.Equal(2, sweep.Arms);
        Assert.True(sweep.Finished);
        Assert.Equal(new Dictionary<string, int> { ["Completed"] = 2 }, sweep.StatusCounts);
        Assert.Equal((10L, 10L), (sweep.Step, sweep.TotalSteps));
    }

    [Fact]
    public async Task Sweep_ShowsEachArmsProgressAndLossAndTheSampleSteps()
    {
        var sweep = await Http.GetFromJsonAsync<SweepView>($"/api/sweeps/{ServedSweep.Name}", Ct);

        Assert.Equal(ServedSweep.SampleSteps, sweep!.SampleSteps);
        Assert.Equal(served.Definition.Arms.Select(a => a.Id).Order(), sweep.Arms.Select(a => a.Id).Order());
        Assert.All(sweep.Arms, arm =>
        {
            Assert.Equal("Completed", arm.Status);
            Assert.Equal(arm.TotalSteps, arm.Step);
            Assert.True(arm.BestLoss <= arm.LastLoss, $"{arm.Label}: best loss {arm.BestLoss} above last {arm.LastLoss}");
        });
        Assert.Equal(6, sweep.Arms.Single(a => a.Id == served.LongArm.Id).TotalSteps);
    }

    [Fact]
    public async Task Sweep_RanksArmsByTheMeanLossOfTheirLastTenthOfSteps()
    {
        var sweep = await Http.GetFromJsonAsync<SweepView>($"/api/sweeps/{ServedSweep.Name}", Ct);
        var curves = await Http.GetFromJsonAsync<ArmCurve[]>($"/api/sweeps/{ServedSweep.Name}/curves?points=100", Ct);

        // A tenth of 4 or 6 steps rounds up to the last step alone.
        Assert.All(sweep!.Arms, arm => Assert.Equal(curves!.Single(c => c.ArmId == arm.Id).Loss[^1].Loss, arm.RecentLoss));
    }

    [Fact]
    public async Task Curves_HoldEveryReportedStepOfEachArm()
    {
        var curves = (await Http.GetFromJsonAsync<ArmCurve[]>($"/api/sweeps/{ServedSweep.Name}/curves?points=100", Ct))!;

        Assert.Equal([1L, 2, 3, 4], curves.Single(c => c.ArmId == served.ShortArm.Id).Loss.Select(p => p.Step));
        Assert.Equal([1L, 2, 3, 4, 5, 6], curves.Single(c => c.ArmId == served.LongArm.Id).Loss.Select(p => p.Step));
        Assert.All(curves.SelectMany(c => c.Loss), p => Assert.True(double.IsFinite(p.Loss) && p.Loss > 0));
    }

    [Fact]
    public async Task Curves_DownSampleToTheAskedNumberOfPoints()
    {
        var curves = await Http.GetFromJsonAsync<ArmCurve[]>($"/api/sweeps/{ServedSweep.Name}/curves?points=2", Ct);

        Assert.All(curves!, c => Assert.Equal(2, c.Loss.Length));
    }

    [Fact]
    public async Task Step_ListsEveryArmAndMarksTheOneThatNeverReachedIt()
    {
        var step = await Http.GetFromJsonAsync<StepView>($"/api/sweeps/{ServedSweep.Name}/steps/6", Ct);

        Assert.Equal([0.5, 1.0], step!.LoraWeights);
        var longArm = step.Arms.Single(a => a.ArmId == served.LongArm.Id);
        Assert.True(longArm.Reached);
        Assert.Equal([(0, 1.0), (1, 0.5)], longArm.Samples.Select(s => (s.PromptIndex, s.LoraWeight)).Order());
        Assert.All(longArm.Samples, s => Assert.StartsWith($"/api/sweeps/{ServedSweep.Name}/steps/6/arms/{served.LongArm.Id}/samples/", s.Url));
        var shortArm = step.Arms.Single(a => a.ArmId == served.ShortArm.Id);
        Assert.False(shortArm.Reached);
        Assert.Empty(shortArm.Samples);
    }

    [Fact]
    public async Task SampleUrls_ServeThePngsTheArmsWrote()
    {
        var step = await Http.GetFromJsonAsync<StepView>($"/api/sweeps/{ServedSweep.Name}/steps/2", Ct);

        foreach (var sample in step!.Arms.SelectMany(a => a.Samples))
        {
            using var response = await Http.GetAsync(sample.Url, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            byte[] png = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        }
    }

    [Theory]
    [InlineData("/api/sweeps/no-such-sweep", "no sweep named 'no-such-sweep'")]
    [InlineData("/api/sweeps/no-such-sweep/curves", "no sweep named 'no-such-sweep'")]
    [InlineData("/api/sweeps/no-such-sweep/steps/2", "no sweep named 'no-such-sweep'")]
    [InlineData("/api/sweeps/web-e2e/steps/3", "has samples at step 3")]
    [InlineData("/api/sweeps/web-e2e/steps/3000", "has samples at step 3000")]
    [InlineData("/api/sweeps/web-e2e/nothing", "no API route")]
    public async Task UnknownSweepsStepsAndRoutes_Are404WithAMessage(string url, string message)
    {
        using var response = await Http.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, await Detail(response), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Verdict_PairsTheArmsAtTheirLatestSharedCheckpoint_InTheStableJsonShape()
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync($"/api/sweeps/{ServedSweep.Name}/verdict?metric=validation-loss", Ct));
        var root = json.RootElement;

        Assert.Equal(["sweep", "metric", "step", "arms", "pairs", "alpha"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal((ServedSweep.Name, "validation-loss", 4L), (root.GetProperty("sweep").GetString(), root.GetProperty("metric").GetString(), root.GetProperty("step").GetInt64()));
        Assert.All(root.GetProperty("arms").EnumerateArray(), arm => Assert.Equal(10, arm.GetProperty("n").GetInt32())); // 2 held-out images × 5 σ
        var pair = Assert.Single(root.GetProperty("pairs").EnumerateArray());
        Assert.Equal(10, pair.GetProperty("n").GetInt32());
        Assert.True(pair.GetProperty("ci_low").GetDouble() <= pair.GetProperty("mean_diff").GetDouble());
        Assert.True(pair.GetProperty("mean_diff").GetDouble() <= pair.GetProperty("ci_high").GetDouble());
        Assert.Contains(pair.GetProperty("winner").ValueKind, new[] { JsonValueKind.Null, JsonValueKind.String });
    }

    [Theory]
    [InlineData("metric=accuracy", "metric 'accuracy' is not a metric")]
    [InlineData("metric=validation-loss&step=3", "Not every arm has validation-loss items at step 3")]
    [InlineData("metric=training-loss", "training-loss has no paired items")]
    public async Task Verdict_ThatCannotBeGiven_IsABadRequestSayingWhy(string query, string detail)
    {
        using var response = await Http.GetAsync($"/api/sweeps/{ServedSweep.Name}/verdict?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Curves_WithFewerThanTwoPoints_AreABadRequest()
    {
        using var response = await Http.GetAsync($"/api/sweeps/{ServedSweep.Name}/curves?points=1", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("points must be between 2 and", await Detail(response));
    }

    /// <remarks>
    /// A request line Kestrel itself refuses (<c>%00</c> in the path) is answered by Kestrel before any middleware
    /// runs, with an empty 400; nothing in the application can give it a body.
    /// </remarks>
    [Fact]
    public async Task AQueryValueOfTheWrongType_IsABadRequestWithAProblemDocument()
    {
        using var response = await Http.GetAsync($"/api/sweeps/{ServedSweep.Name}/curves?points=abc", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("status").GetInt32());
    }

    /// <summary>DNS rebinding: a page on another name that resolves to 127.0.0.1 sends its own name as Host.</summary>
    [Theory]
    [InlineData("rebound.example", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    public async Task OnlyTheLoopbackHostNamesAreServed(string host, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sweeps");
        request.Headers.Host = $"{host}:{new Uri(served.Url).Port}";

        using var response = await Http.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>Images are named by sweep, step, arm and position: anything the comparison did not record is refused.</summary>
    [Theory]
    [InlineData("/api/sweeps/web-e2e/steps/6/arms/{short}/samples/0")] // the arm never sampled step 6
    [InlineData("/api/sweeps/web-e2e/steps/2/arms/{long}/samples/2")] // two samples per step: 0 and 1
    [InlineData("/api/sweeps/web-e2e/steps/2/arms/{long}/samples/-1")]
    [InlineData("/api/sweeps/web-e2e/steps/3/arms/{long}/samples/0")]
    [InlineData("/api/sweeps/web-e2e/steps/2/arms/no-such-arm/samples/0")]
    [InlineData("/api/sweeps/web-e2e/steps/2/arms/..%2F..%2F..%2Fetc%2Fpasswd/samples/0")]
    [InlineData("/api/sweeps/..%2F..%2Fetc/steps/2/arms/{long}/samples/0")]
    [InlineData("/api/sweeps/no-such-sweep/steps/2/grid")]
    public async Task ImageEndpoint_RefusesImagesTheComparisonDoesNotKnow(string template)
    {
        string url = template.Replace("{short}", served.ShortArm.Id).Replace("{long}", served.LongArm.Id);

        using var response = await Http.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    static async Task<string> Detail(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString()!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;
}
