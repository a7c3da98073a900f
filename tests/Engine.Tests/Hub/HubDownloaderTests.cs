using ZImageSweep.Engine.Hub;

namespace ZImageSweep.Engine.Tests.Hub;

/// <summary>Downloads against a real HTTP server on 127.0.0.1 that serves the Hub's URL layout.</summary>
[Trait(Tier.Name, Tier.Integration)]
public sealed class HubDownloaderTests : IAsyncLifetime
{
    const string Repo = "ostris/zimage_turbo_training_adapter";
    const string AdapterFile = "zimage_turbo_training_adapter_v2.safetensors";

    readonly string _cache = Directory.CreateTempSubdirectory("zsweep-hub-").FullName;
    readonly byte[] _adapter = RandomBytes(3 * 1024 * 1024 + 123, seed: 1); // > 1 MiB: several progress reports
    FakeHub _hub = null!;

    static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public async ValueTask InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        _hub.Add(Repo, AdapterFile, _adapter);
        _hub.Add(Repo, "config/adapter.json", "{\"rank\": 16}"u8.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }

    HubSettings Settings(string? token = null, bool offline = false, int attempts = 1) => new()
    {
        Endpoint = _hub.Endpoint, CacheDirectory = _cache, Token = token, Offline = offline,
        MaxAttempts = attempts, RetryDelay = TimeSpan.Zero, LockTimeout = TimeSpan.FromSeconds(5),
    };

    string RepoFolder => Path.Combine(_cache, "models--ostris--zimage_turbo_training_adapter");

    sealed class Recorder : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];
        public void Report(DownloadProgress value) { lock (Reports) Reports.Add(value); }
    }

    [Fact]
    public async Task FreshDownload_WritesBlobSnapshotLinkAndRef_AndReportsProgress()
    {
        using var downloader = new HubDownloader(Settings());
        var progress = new Recorder();

        string path = await downloader.DownloadFileAsync(Repo, AdapterFile, progress: progress, ct: TestContext.Current.CancellationToken);

        string sha = FakeHub.Sha256(_adapter);
        Assert.Equal(Path.Combine(RepoFolder, "snapshots", FakeHub.Commit, AdapterFile), path);
        Assert.Equal(_adapter, File.ReadAllBytes(path));
        Assert.Equal(Path.Combine("..", "..", "blobs", sha), new FileInfo(path).LinkTarget);
        Assert.Equal(_adapter, File.ReadAllBytes(Path.Combine(RepoFolder, "blobs", sha)));
        Assert.Equal(FakeHub.Commit, File.ReadAllText(Path.Combine(RepoFolder, "refs", "main")));
        Assert.Empty(Directory.GetFiles(RepoFolder, "*.incomplete", SearchOption.AllDirectories));
        Assert.True(progress.Reports.Count >= 4, $"{progress.Reports.Count} reports");
        Assert.All(progress.Reports, p => Assert.Equal((Repo, AdapterFile, (long?)_adapter.Length), (p.Repo, p.File, p.TotalBytes)));
        Assert.Equal(_adapter.Length, progress.Reports[^1].BytesDone);
        Assert.True(progress.Reports[^1].IsComplete);
        // HEAD on the Hub, then the bytes from the CDN the Hub redirected to.
        Assert.Equal(["HEAD", "GET"], _hub.Requests.Select(r => r.Method));
        Assert.StartsWith("/cdn/", _hub.Requests.Last().Path);
    }

    [Fact]
    public async Task SmallNonLfsFile_IsStoredUnderItsGitBlobId_InASubfolder()
    {
        using var downloader = new HubDownloader(Settings());
        string path = await downloader.DownloadFileAsync(Repo, "config/adapter.json", ct: TestContext.Current.CancellationToken);

        Assert.Equal("{\"rank\": 16}", File.ReadAllText(path));
        Assert.EndsWith(Path.Combine("snapshots", FakeHub.Commit, "config", "adapter.json"), path);
        Assert.Equal(Path.Combine("..", "..", "..", "blobs", FakeHub.GitBlobId("{\"rank\": 16}"u8.ToArray())), new FileInfo(path).LinkTarget);
    }

    [Fact]
    public async Task InterruptedDownload_ResumesWithARangeRequest_OnTheNextCall()
    {
        _hub.DropAfterBytes = 1_500_000;
        _hub.DropsLeft = 1;
        using var downloader = new HubDownloader(Settings(attempts: 1));
        var ct = TestContext.Current.CancellationToken;

        var e = await Assert.ThrowsAsync<HubDownloadException>(() => downloader.DownloadFileAsync(Repo, AdapterFile, ct: ct));
        Assert.True(e.IsTransient);
        Assert.Contains("1500000 of 3145851 bytes", e.Message);
        string sha = FakeHub.Sha256(_adapter);
        string incomplete = Path.Combine(RepoFolder, "blobs", sha + ".incomplete");
        long partial = new FileInfo(incomplete).Length;
        Assert.Equal(1_500_000, partial);
        Assert.False(File.Exists(Path.Combine(RepoFolder, "blobs", sha)));
        Assert.False(File.Exists(Path.Combine(RepoFolder, "snapshots", FakeHub.Commit, AdapterFile)));
        _hub.Requests.Clear();

        string path = await downloader.DownloadFileAsync(Repo, AdapterFile, ct: ct);

        Assert.Equal(_adapter, File.ReadAllBytes(path));
        HubRequest second = _hub.Requests.Single(r => r.Method == "GET");
        Assert.Equal($"bytes={partial}-", second.Range);
        Assert.Equal(_adapter.Length - partial, second.BytesSent);
        Assert.True(second.BytesSent < _adapter.Length);
        Assert.False(File.Exists(incomplete));
    }

    [Fact]
    public async Task DroppedConnections_AreRetriedAndResumedWithinOneCall()
    {
        _hub.DropAfterBytes = 1_000_000;
        _hub.DropsLeft = 2;
        using var downloader = new HubDownloader(Settings(attempts: 3));

        string path = await downloader.DownloadFileAsync(Repo, AdapterFile, ct: TestContext.Current.CancellationToken);

        Assert.Equal(_adapter, File.ReadAllBytes(path));
        var gets = _hub.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal(3, gets.Count);
        Assert.Equal([null, "bytes=1000000-", "bytes=2000000-"], gets.Select(g => g.Range));
        Assert.Equal(_adapter.Length, gets.Sum(g => g.BytesSent));
    }

    [Fact]
    public async Task ServerIgnoringRange_RestartsTheFileFromByteZero()
    {
        _hub.DropAfterBytes = 1_000_000;
        _hub.DropsLeft = 1;
        _hub.IgnoreRange = true;
        using var downloader = new HubDownloader(Settings(attempts: 2));

        string path = await downloader.DownloadFileAsync(Repo, AdapterFile, ct: TestContext.Current.CancellationToken);

        Assert.Equal(_adapter, File.ReadAllBytes(path));
        var gets = _hub.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal("bytes=1000000-", gets[1].Range);
        Assert.Equal(_adapter.Length, gets[1].BytesSent);
    }

    [Fact]
    public async Task WrongSha256_IsAnError_AndNothingIsLeftUnderTheFinalName()
    {
        _hub.WrongSha256.Add(AdapterFile);
        using var downloader = new HubDownloader(Settings());

        var e = await Assert.ThrowsAsync<HubIntegrityException>(() => downloader.DownloadFileAsync(Repo, AdapterFile, ct: TestContext.Current.CancellationToken));

        Assert.Contains("sha256", e.Message);
        Assert.Contains(AdapterFile, e.Message);
        Assert.Empty(Directory.GetFiles(Path.Combine(RepoFolder, "blobs")));
        Assert.False(Directory.Exists(Path.Combine(RepoFolder, "snapshots")));
        Assert.False(File.Exists(Path.Combine(RepoFolder, "refs", "main")));
    }

    [Fact]
    public async Task Unauthorized_WithoutToken_IsAnErrorMentioningHF_TOKEN()
    {
        _hub.RequiredToken = "hf_secret";
        using var downloader = new HubDownloader(Settings(token: null));

        var e = await Assert.ThrowsAsync<HubAuthenticationException>(() => downloader.DownloadFileAsync(Repo, AdapterFile, ct: TestContext.Current.CancellationToken));

        Assert.Equal(401, e.StatusCode);
        Assert.Contains("HF_TOKEN", e.Message);
        Assert.Contains($"{Repo}/{AdapterFile}", e.Message);
    }

    [Fact]
    public async Task Token_IsSentAsBearerToTheHub_ButNotToTheCdn()
    {
        _hub.RequiredToken = "hf_secret";
        using var downloader = new HubDownloader(Settings(token: "hf_secret"));

        string path = await downloader.DownloadFileAsync(Repo, AdapterFile, ct: TestContext.Current.CancellationToken);

        Assert.Equal(_adapter, File.ReadAllBytes(path));
        Assert.Equal("Bearer hf_secret", _hub.Requests.Single(r => r.Method == "HEAD").Authorization);
        Assert.Null(_hub.Requests.Single(r => r.Path.StartsWith("/cdn/")).Authorization);
    }

    [Fact]
    public async Task WrongToken_IsAnErrorSayingTheTokenWasRejected()
    {
        _hub.RequiredToken = "hf_secret";
        using var downloader = new HubDownloader(Settings(token: "hf_wrong"));
        var e = await Assert.ThrowsAsync<HubAuthenticationException>(() => downloader.DownloadFileAsync(Repo, AdapterFile, ct: TestContext.Current.CancellationToken));
        Assert.Contains("rejected the token in HF_TOKEN", e.Message);
    }

    [Theory]
    [InlineData("ostris/nope", "main", "RepoNotFound")]
    [InlineData(Repo, "v9", "RevisionNotFound")]
    public async Task MissingRepoOrRevision_IsNotFound_WithTheHubsErrorCode(string repo, string revision, string code)
    {
        using var downloader = new HubDownloader(Settings());
        var e = await Assert.ThrowsAsync<HubNotFoundException>(() => downloader.DownloadFileAsync(repo, AdapterFile, revision, ct: TestContext.Current.CancellationToken));
        Assert.Equal(code, e.ErrorCode);
        Assert.Equal(repo, e.Repo);
    }

    [Fact]
    public async Task OfflineMode_NeverConnects_AndNamesRepoFileAndVariable()
    {
        using var downloader = new HubDownloader(Settings(offline: true));

        var e = await Assert.ThrowsAsync<HubOfflineException>(() => downloader.DownloadFileAsync(Repo, AdapterFile, ct: TestContext.Current.CancellationToken));

        Assert.Contains(Repo, e.Message);
        Assert.Contains(AdapterFile, e.Message);
        Assert.Contains("HF_HUB_OFFLINE", e.Message);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task CachedFile_IsReturnedWithoutAnyRequest_OnlineAndOffline()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var downloader = new HubDownloader(Settings())) await downloader.DownloadFileAsync(Repo, AdapterFile, ct: ct);
        _hub.Requests.Clear();

        using (var online = new HubDownloader(Settings()))
            Assert.Equal(_adapter, File.ReadAllBytes(await online.DownloadFileAsync(Repo, AdapterFile, ct: ct)));
        using (var offline = new HubDownloader(Settings(offline: true)))
            Assert.Equal(_adapter, File.ReadAllBytes(await offline.DownloadFileAsync(Repo, AdapterFile, ct: ct)));

        Assert.Empty(_hub.Requests);
    }
}
