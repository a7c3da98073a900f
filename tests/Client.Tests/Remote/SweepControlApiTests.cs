using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ZImageSweep.Silo.Web.Api;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Client.Tests.Remote;

/// <summary>The routes that create and control sweeps, and the arm log route, on a live <c>zsweep serve</c>.</summary>
[Collection(ServedHomeCollection.Name), Trait(Tier.Name, Tier.EndToEnd)]
public sealed class SweepControlApiTests(ServedHome served)
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    HttpClient Http => served.Http;

    [Fact]
    public async Task PostYaml_Creates_201WithLocationAndTheSweepsArms()
    {
        string spec = ServedHome.Spec("api-yaml");

        using var response = await Post(spec, "application/yaml");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/sweeps/api-yaml", response.Headers.Location?.OriginalString);
        var sweep = await response.Content.ReadFromJsonAsync<SweepView>(Ct);
        Assert.Equal("api-yaml", sweep!.Name);
        Assert.Equal(ArmIds(spec), sweep.Arms.Select(a => a.Id).Order());
    }

    [Fact]
    public async Task PostJson_CreatesTheSameArmsAsTheYamlSpec()
    {
        const string json = """
            { "name": "api-json", "concurrency": 2,
              "base": { "config": { "name": "tiny", "process": [ { "model": { "name_or_path": "Tongyi-MAI/Z-Image-Turbo" },
                "datasets": [ { "folder_path": "/data/images" } ], "train": { "steps": 8 }, "save": { "save_every": 10 } } ] },
                "meta": { "fake_step_ms": "20", "fake_hold_at_step": "-1", "fake_hold_until": "../../../../release" } },
              "axes": [ { "name": "rank", "key": "network.linear", "values": [4, 8] } ] }
            """;

        using var response = await Post(json, "application/json");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var sweep = await response.Content.ReadFromJsonAsync<SweepView>(Ct);
        Assert.Equal(ArmIds(ServedHome.Spec("api-json")), sweep!.Arms.Select(a => a.Id).Order());
        Assert.All(sweep.Arms, a => Assert.Equal(8, a.TotalSteps)); // the inline base job's train.steps
    }

    [Fact]
    public async Task PostBadSpec_400ProblemListingEachProblemByAxis()
    {
        string spec = ServedHome.Spec("api-bad", ranks: "").Replace("concurrency: 2", "concurrency: 0");

        using var response = await Post(spec, "text/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string[] errors = await Errors(response);
        Assert.Equal(2, errors.Length);
        Assert.Contains(errors, e => e.Contains("axis 'rank'") && e.Contains("empty"));
        Assert.Contains(errors, e => e.Contains("concurrency"));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/sweeps/api-bad", Ct)).StatusCode);
    }

    [Fact]
    public async Task PostRelativeBasePath_400SaysToInlineTheBaseJob()
    {
        string spec = "name: api-relative\nbase: ./job.yaml\naxes:\n  - { key: network.linear, values: [4] }\n";

        using var response = await Post(spec, "text/plain");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string error = Assert.Single(await Errors(response));
        Assert.Contains("'./job.yaml' is a relative path", error);
        Assert.Contains("inline the base job", error);
    }

    [Fact]
    public async Task PostAgainWithTheSameRequestId_AnswersTheSame201_AndTheIdCannotCreateAnotherSweep()
    {
        string spec = ServedHome.Spec("api-idempotent");
        string id = Guid.NewGuid().ToString("N");

        using var first = await Post(spec, "application/yaml", id);
        using var retried = await Post(spec, "application/yaml", id);
        using var reused = await Post(ServedHome.Spec("api-idempotent-other"), "application/yaml", id);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retried.StatusCode));
        Assert.Equal(first.Headers.Location, retried.Headers.Location);
        Assert.Equal((await first.Content.ReadFromJsonAsync<SweepView>(Ct))!.Arms.Select(a => a.Id), (await retried.Content.ReadFromJsonAsync<SweepView>(Ct))!.Arms.Select(a => a.Id));
        Assert.Single(await Http.GetFromJsonAsync<SweepSummary[]>("/api/sweeps", Ct) ?? [], s => s.Name == "api-idempotent");
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Contains(id, await Detail(reused));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/sweeps/api-idempotent-other", Ct)).StatusCode);
    }

    [Fact]
    public async Task PostANameTakenByADifferentSpec_409()
    {
        using var created = await Post(ServedHome.Spec("api-taken"), "application/yaml");
        using var different = await Post(ServedHome.Spec("api-taken", ranks: "4, 16"), "application/yaml");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Contains("A different sweep named 'api-taken' already exists", await Detail(different));
    }

    [Fact]
    public async Task PostOversizedBody_413()
    {
        string spec = ServedHome.Spec("api-oversized") + "#" + new string('x', SweepSpecBody.MaxBytes);

        using var response = await Post(spec, "application/yaml");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/sweeps/api-oversized", Ct)).StatusCode);
    }

    [Fact]
    public async Task PauseResumeCancel_AnswerTheSweep_UnknownIs404_AndResumingACancelledSweepIs409()
    {
        // The arms hold at step 2, so they are still training when paused however slowly the workers start.
        using (var created = await Post(ServedHome.Spec("api-control", steps: 8, holdAtStep: 2), "application/yaml"))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var paused = await Control("api-control", "pause");
        var resumed = await Control("api-control", "resume");
        var cancelled = await Control("api-control", "cancel");
        await Eventually.Until(() => Http.GetFromJsonAsync<SweepView>("/api/sweeps/api-control", Ct)!, s => s!.Finished, Timeout, "the cancelled arms to stop");
        using var resumeCancelled = await Http.PostAsync("/api/sweeps/api-control/resume", null, Ct);
        using var unknown = await Http.PostAsync("/api/sweeps/no-such-sweep/pause", null, Ct);

        Assert.All(paused.Arms, a => Assert.Equal("Paused", a.Status));
        Assert.All(resumed.Arms, a => Assert.NotEqual("Paused", a.Status));
        Assert.All(cancelled.Arms, a => Assert.Equal("Cancelled", a.Status));
        Assert.Equal(HttpStatusCode.Conflict, resumeCancelled.StatusCode);
        Assert.Contains("was cancelled and cannot be resumed", await Detail(resumeCancelled));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ArmLog_IsTheTailOfItsWorkerLog_AsPlainText()
    {
        using (var created = await Post(ServedHome.Spec("api-log"), "application/yaml"))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var sweep = await Eventually.Until(() => Http.GetFromJsonAsync<SweepView>("/api/sweeps/api-log", Ct)!, s => s!.Finished, Timeout, "the sweep to finish");
        string arm = sweep!.Arms[0].Id;
        string[] lines = await served.FinishedWorkerLogAsync("api-log", arm);

        using var last = await Http.GetAsync($"/api/sweeps/api-log/arms/{arm}/log?tail=1", Ct);
        string all = await Http.GetStringAsync($"/api/sweeps/api-log/arms/{arm}/log", Ct);
        using var unknownArm = await Http.GetAsync("/api/sweeps/api-log/arms/0123456789ab/log", Ct);
        using var noLines = await Http.GetAsync($"/api/sweeps/api-log/arms/{arm}/log?tail=0", Ct);

        Assert.True(lines.Length > 1, $"the stand-in worker wrote {lines.Length} lines");
        Assert.Equal("text/plain", last.Content.Headers.ContentType?.MediaType);
        Assert.Equal(lines[^1] + "\n", await last.Content.ReadAsStringAsync(Ct));
        Assert.Equal(string.Concat(lines.TakeLast(SweepLogs.DefaultTail).Select(l => l + "\n")), all);
        Assert.Equal(HttpStatusCode.NotFound, unknownArm.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noLines.StatusCode);
    }

    [Fact]
    public async Task Extend_AFinishedArm_200WithMoreSteps_ElseNamed404_409_400()
    {
        using (var created = await Post(ServedHome.Spec("api-extend"), "application/yaml"))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var finished = await Eventually.Until(() => Http.GetFromJsonAsync<SweepView>("/api/sweeps/api-extend", Ct)!, s => s!.Finished, Timeout, "the sweep to finish");
        string arm = finished!.Arms[0].Id;

        using var zeroSteps = await Http.PostAsJsonAsync($"/api/sweeps/api-extend/arms/{arm}/extend", new { steps = 0 }, Ct);
        using var unknownArm = await Http.PostAsJsonAsync("/api/sweeps/api-extend/arms/0123456789ab/extend", new { steps = 2 }, Ct);
        using var unknownSweep = await Http.PostAsJsonAsync($"/api/sweeps/no-such-sweep/arms/{arm}/extend", new { steps = 2 }, Ct);
        using var extended = await Http.PostAsJsonAsync($"/api/sweeps/api-extend/arms/{arm}/extend", new { steps = 4 }, Ct);
        // Queued or training again now: extending it once more before it finishes is refused.
        using var again = await Http.PostAsJsonAsync($"/api/sweeps/api-extend/arms/{arm}/extend", new { steps = 4 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, zeroSteps.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownArm.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownSweep.StatusCode);
        Assert.True(extended.StatusCode == HttpStatusCode.OK, await extended.Content.ReadAsStringAsync(Ct));
        var view = (await extended.Content.ReadFromJsonAsync<SweepView>(Ct))!;
        Assert.Equal(12, view.Arms.Single(a => a.Id == arm).TotalSteps);
        Assert.Equal(8, view.Arms.Single(a => a.Id != arm).TotalSteps);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var done = await Eventually.Until(() => Http.GetFromJsonAsync<SweepView>("/api/sweeps/api-extend", Ct)!, s => s!.Finished, Timeout, "the extended arm to finish");
        Assert.Equal(12, done!.Arms.Single(a => a.Id == arm).Step);
    }

    Task<HttpResponseMessage> Post(string body, string mediaType, string? requestId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sweeps") { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (requestId is not null) request.Headers.Add(SweepControlApi.RequestIdHeader, requestId);
        return Http.SendAsync(request, Ct);
    }

    async Task<SweepView> Control(string sweep, string action)
    {
        using var response = await Http.PostAsync($"/api/sweeps/{sweep}/{action}", null, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<SweepView>(Ct))!;
    }

    /// <summary>The arm ids the spec expands to here, computed by the CLI's own expansion.</summary>
    static IEnumerable<string> ArmIds(string spec) => SweepExpander.Expand(SweepSpecParser.Parse(spec, "spec.yaml", Path.GetTempPath())).Arms.Select(a => a.Id).Order();

    static async Task<string[]> Errors(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return [.. problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)];
    }

    static async Task<string> Detail(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;
}
