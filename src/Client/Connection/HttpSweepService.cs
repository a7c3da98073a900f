using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Web.Api;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// The sweeps of a remote server, through its HTTP API (README "Submit from a laptop"), with the bearer token on every
/// request. A refusal becomes the same exception the grains throw where the verbs expect one (a spec refused on create,
/// a verdict that cannot be given); anything else the server answers with a problem becomes a one-line
/// <see cref="SweepServerException"/>, as does a server that cannot be reached.
/// </summary>
public sealed class HttpSweepService : ISweepService
{
    readonly HttpClient _http;
    readonly Uri _server;

    public HttpSweepService(Uri server, string? token)
    {
        _server = server;
        _http = new HttpClient { BaseAddress = server };
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The server's paths are shown as they are: this machine does not know its artifacts root.</summary>
    public ArtifactPaths Paths { get; } = new(null);

    public bool HostsTraining => false;

    public TimeSpan? HostedWorkerStopTimeout => null;

    public string? TrainsElsewhere => $"the cluster behind {_server}";

    public Task<SweepSummary[]> ListAsync(CancellationToken cancellationToken) => SendAsync<SweepSummary[]>(HttpMethod.Get, "api/sweeps", null, cancellationToken);

    public Task<SweepView> GetAsync(string sweep, CancellationToken cancellationToken) => SendAsync<SweepView>(HttpMethod.Get, SweepPath(sweep), null, cancellationToken);

    public async Task<SweepView> CreateAsync(SweepSubmission submission, CancellationToken cancellationToken)
    {
        var body = new StringContent(submission.InlinedSpec, Encoding.UTF8, "application/yaml");
        // One id per submission: a retry after a lost answer gets the first answer, not a second sweep.
        var request = new HttpRequestMessage(HttpMethod.Post, "api/sweeps") { Content = body };
        request.Headers.Add(SweepControlApi.RequestIdHeader, Guid.NewGuid().ToString("N"));
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict)
            throw new SweepRejectedException(await SweepServerException.DetailOf(response, cancellationToken));
        return await ReadAsync<SweepView>(response, cancellationToken);
    }

    public Task<SweepView> PauseAsync(string sweep, CancellationToken cancellationToken) => SendAsync<SweepView>(HttpMethod.Post, $"{SweepPath(sweep)}/pause", null, cancellationToken);

    public Task<SweepView> ResumeAsync(string sweep, CancellationToken cancellationToken) => SendAsync<SweepView>(HttpMethod.Post, $"{SweepPath(sweep)}/resume", null, cancellationToken);

    public Task<SweepView> CancelAsync(string sweep, CancellationToken cancellationToken) => SendAsync<SweepView>(HttpMethod.Post, $"{SweepPath(sweep)}/cancel", null, cancellationToken);

    public Task<SweepView> RetryAsync(string sweep, ImmutableArray<string> arms, CancellationToken cancellationToken) =>
        SendAsync<SweepView>(HttpMethod.Post, $"{SweepPath(sweep)}/retry{Query(arms.Select(a => ("arm", a)))}", null, cancellationToken);

    public async Task<SweepView> ExtendAsync(string sweep, string arm, int steps, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{SweepPath(sweep)}/arms/{Uri.EscapeDataString(arm)}/extend")
        {
            Content = JsonContent.Create(new ExtendRequest(steps)),
        };
        using var response = await SendAsync(request, cancellationToken);
        // 404 names the arm, 409 says why it cannot be extended: both are the user's to fix, as in the cluster.
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.BadRequest)
            throw new ExtendRejectedException(await SweepServerException.DetailOf(response, cancellationToken));
        return await ReadAsync<SweepView>(response, cancellationToken);
    }

    public async Task<SweepVerdict> GetVerdictAsync(string sweep, ComparisonMetric metric, long? step, CancellationToken cancellationToken)
    {
        (string, string)[] query = step is { } s ? [("metric", MetricNames.Name(metric)), ("step", s.ToString(System.Globalization.CultureInfo.InvariantCulture))] : [("metric", MetricNames.Name(metric))];
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{SweepPath(sweep)}/verdict{Query(query)}"), cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest) throw new VerdictRejectedException(await SweepServerException.DetailOf(response, cancellationToken));
        return await ReadAsync<SweepVerdict>(response, cancellationToken);
    }

    /// <summary>The last <paramref name="lines"/> lines of an arm's worker log (<c>zsweep logs</c>).</summary>
    public async Task<string> TailLogAsync(string sweep, string arm, int lines, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{SweepPath(sweep)}/arms/{Uri.EscapeDataString(arm)}/log?tail={lines}"), cancellationToken);
        await ThrowIfFailed(response, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    static string SweepPath(string sweep) => $"api/sweeps/{Uri.EscapeDataString(sweep)}";

    static string Query(IEnumerable<(string Key, string Value)> pairs)
    {
        string query = string.Join('&', pairs.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        return query.Length == 0 ? "" : "?" + query;
    }

    async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(method, path) { Content = content }, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                return await _http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new SweepServerException($"Cannot reach the server {_server}: {e.Message}", badInput: false);
            }
        }
    }

    async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await ThrowIfFailed(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken)
            ?? throw new SweepServerException($"The server {_server} answered {response.RequestMessage?.RequestUri?.AbsolutePath} with no content.", badInput: false);
    }

    async Task ThrowIfFailed(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode) throw await SweepServerException.FromAsync(_server, response, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
