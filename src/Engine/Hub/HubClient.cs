using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ZImageSweep.Engine.Hub;

/// <summary>
/// HTTP calls to the Hub: file metadata (HEAD on <c>resolve</c>), file bytes (GET, optionally from an offset) and
/// the repository file list (<c>api/models</c>). Redirects are handled here, not by HttpClient, because the Hub's
/// metadata headers are on the redirect itself and the token must not follow the redirect to the CDN.
/// </summary>
sealed class HubClient : IDisposable
{
    const int MaxRedirects = 5;
    readonly HttpClient _http;
    readonly HubSettings _settings;

    public HubClient(HubSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        handler ??= new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None, // Content-Length and Range must count the file's own bytes
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }; // a 10 GB shard takes as long as it takes
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ZImageSweep", "1.0"));
    }

    public Uri ResolveUrl(string repo, string revision, string file) =>
        new(_settings.Endpoint, $"{repo}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");

    public async Task<HubFileMetadata> GetMetadataAsync(string repo, string revision, string file, CancellationToken ct)
    {
        Uri url = ResolveUrl(repo, revision, file);
        for (int redirect = 0; ; redirect++)
        {
            using var request = Request(HttpMethod.Head, url);
            using HttpResponseMessage response = await SendAsync(request, repo, revision, file, ct);
            bool linked = response.Headers.Contains("X-Linked-Etag") || response.Headers.Contains("X-Linked-Size");
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                // A relative redirect without LFS headers is the Hub's own (a renamed repository): follow it for the
                // metadata. Otherwise it points at the bytes (the CDN), and the headers here describe the file.
                if (!location.IsAbsoluteUri && !linked && redirect < MaxRedirects)
                {
                    url = new Uri(url, location);
                    continue;
                }
                return Metadata(response, location.IsAbsoluteUri ? location : new Uri(url, location), repo, revision, file);
            }
            ThrowIfFailed(response, repo, revision, file);
            return Metadata(response, url, repo, revision, file);
        }
    }

    /// <summary>GETs the file's bytes from <paramref name="offset"/> on; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> GetBytesAsync(Uri location, long offset, string repo, string revision, string file, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, location);
        if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
        HttpResponseMessage response = await SendAsync(request, repo, revision, file, ct);
        if (response.StatusCode != HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            try { ThrowIfFailed(response, repo, revision, file); }
            catch { response.Dispose(); throw; }
        }
        return response;
    }

    /// <summary>The commit and file names of a revision (<c>siblings[].rfilename</c> of the model API).</summary>
    public async Task<(string Commit, IReadOnlyList<string> Files)> ListFilesAsync(string repo, string revision, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, new Uri(_settings.Endpoint, $"api/models/{repo}/revision/{Uri.EscapeDataString(revision)}"));
        using HttpResponseMessage response = await SendAsync(request, repo, revision, null, ct);
        ThrowIfFailed(response, repo, revision, null);
        try
        {
            using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(ct));
            string commit = json.RootElement.GetProperty("sha").GetString() ?? throw new FormatException("'sha' is null");
            var files = json.RootElement.GetProperty("siblings").EnumerateArray()
                .Select(s => s.GetProperty("rfilename").GetString() ?? throw new FormatException("'rfilename' is null")).ToList();
            return (commit, files);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new HubDownloadException(repo, revision, null, $"the model API answer is not understood ({e.Message})", transient: false, e);
        }
    }

    HttpRequestMessage Request(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        // The token goes to the Hub only; CDN redirects carry their own signed URLs.
        if (_settings.Token is { } token && IsEndpoint(url))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    bool IsEndpoint(Uri url) =>
        string.Equals(url.Scheme, _settings.Endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.Host, _settings.Endpoint.Host, StringComparison.OrdinalIgnoreCase) && url.Port == _settings.Endpoint.Port;

    async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string repo, string revision, string? file, CancellationToken ct)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new HubDownloadException(repo, revision, file, $"cannot reach {request.RequestUri!.GetLeftPart(UriPartial.Authority)} ({e.Message})", transient: true, e);
        }
    }

    void ThrowIfFailed(HttpResponseMessage response, string repo, string revision, string? file)
    {
        if (response.IsSuccessStatusCode) return;
        int status = (int)response.StatusCode;
        string? errorCode = response.Headers.TryGetValues("X-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
        throw status switch
        {
            401 or 403 => new HubAuthenticationException(repo, revision, file, status, tokenSent: _settings.Token is not null && IsEndpoint(response.RequestMessage!.RequestUri!)),
            404 => new HubNotFoundException(repo, revision, file, errorCode),
            _ => new HubDownloadException(repo, revision, file, $"the server answered {status} {response.ReasonPhrase}", transient: status is 408 or 429 or >= 500),
        };
    }

    static HubFileMetadata Metadata(HttpResponseMessage response, Uri location, string repo, string revision, string file)
    {
        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
        string commit = Header("X-Repo-Commit")
            ?? throw new HubDownloadException(repo, revision, file, "the server sent no X-Repo-Commit header (is the endpoint a Hugging Face Hub?)", transient: false);
        string etag = Header("X-Linked-Etag") ?? response.Headers.ETag?.ToString() ?? Header("ETag")
            ?? throw new HubDownloadException(repo, revision, file, "the server sent no ETag, so the file cannot be stored in the cache", transient: false);
        long? size = long.TryParse(Header("X-Linked-Size"), out long linked) ? linked : response.Content.Headers.ContentLength;
        etag = HubFileMetadata.NormalizeEtag(etag);
        // Both become names in the cache: keep them to plain file names.
        if (!HubCache.IsCommitHash(commit))
            throw new HubDownloadException(repo, revision, file, $"X-Repo-Commit '{commit}' is not a 40-character commit hash", transient: false);
        if (etag.Length == 0 || etag.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_'))
            throw new HubDownloadException(repo, revision, file, $"ETag '{etag}' cannot name a cache file", transient: false);
        return new HubFileMetadata(commit, etag, size, location);
    }

    public void Dispose() => _http.Dispose();
}
