using ZImageSweep.Engine.Hub;
using ZImageSweep.Engine.Tests.Reference;
using ZImageSweep.Engine.Weights;

namespace ZImageSweep.Engine.Tests.Hub;

/// <summary>Name-or-path resolution: local paths, <c>org/repo/file</c> and whole diffusers repositories, against a loopback fake Hub.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ModelLocatorTests : IAsyncLifetime
{
    const string Turbo = "Tongyi-MAI/Z-Image-Turbo";

    readonly string _cache = Directory.CreateTempSubdirectory("zsweep-locator-").FullName;
    FakeHub _hub = null!;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _hub = await FakeHub.StartAsync();
        byte[] weights = File.ReadAllBytes(Path.Combine(ReferenceCases.Directory, "zimage_tiny_a_weights.safetensors"));
        byte[] Json(string text) => System.Text.Encoding.UTF8.GetBytes(text);
        _hub.Add(Turbo, "model_index.json", Json("""{"_class_name": "ZImagePipeline", "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"], "text_encoder": ["transformers", "Qwen3Model"], "tokenizer": ["transformers", "Qwen2Tokenizer"], "transformer": ["diffusers", "ZImageTransformer2DModel"], "vae": ["diffusers", "AutoencoderKL"]}"""));
        _hub.Add(Turbo, "scheduler/scheduler_config.json", Json("""{"num_train_timesteps": 1000, "shift": 3.0, "use_dynamic_shifting": false}"""));
        _hub.Add(Turbo, "transformer/config.json", Json("{}"));
        _hub.Add(Turbo, "transformer/diffusion_pytorch_model.safetensors", weights);
        _hub.Add(Turbo, "text_encoder/config.json", Json("{}"));
        _hub.Add(Turbo, "text_encoder/model.safetensors", weights);
        _hub.Add(Turbo, "vae/config.json", Json("{}"));
        _hub.Add(Turbo, "vae/diffusion_pytorch_model.safetensors", weights);
        _hub.Add(Turbo, "tokenizer/tokenizer.json", Json("{}"));
        _hub.Add(Turbo, "tokenizer/merges.txt", Json("a b"));
        // Never needed by the pipeline:
        _hub.Add(Turbo, "README.md", Json("# Z-Image-Turbo"));
        _hub.Add(Turbo, "assets/showcase.jpg", [0xFF, 0xD8]);
        _hub.Add(Turbo, "transformer/diffusion_pytorch_model.bin", [1, 2, 3]);
        _hub.Add("ostris/zimage_turbo_training_adapter", "zimage_turbo_training_adapter_v2.safetensors", weights);
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        Directory.Delete(_cache, recursive: true);
    }

    ModelLocator Locator(bool offline = false) => new(new HubSettings
    {
        Endpoint = _hub.Endpoint, CacheDirectory = _cache, Offline = offline, MaxAttempts = 1, RetryDelay = TimeSpan.Zero,
    });

    [Fact]
    public void LocalFileAndFolder_AreReturnedAsFullPaths_WithoutTheHub()
    {
        using var locator = Locator();
        string file = Path.Combine(ReferenceCases.Directory, "zimage_tiny_a_weights.safetensors");

        Assert.Equal(Path.GetFullPath(file), locator.Resolve(file, ct: Ct));
        Assert.Equal(Path.GetFullPath(_cache), locator.Resolve(_cache, ct: Ct));
        Assert.Throws<ModelFileNotFoundException>(() => locator.Resolve("./no/such/model.safetensors", ct: Ct));
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public void OrgRepoFile_ResolvesToTheCachedSnapshotFile()
    {
        using var locator = Locator();

        string path = locator.Resolve("ostris/zimage_turbo_training_adapter/zimage_turbo_training_adapter_v2.safetensors", ct: Ct);

        Assert.Equal(Path.Combine(_cache, "models--ostris--zimage_turbo_training_adapter", "snapshots", FakeHub.Commit, "zimage_turbo_training_adapter_v2.safetensors"), path);
        using WeightSource source = WeightSource.Open(path);
        Assert.Contains("layers.0.attention.to_q.weight", source.Keys);
    }

    [Fact]
    public void OrgRepo_DownloadsWhatThePipelineNeeds_AndThenHitsTheCacheWithoutRequests()
    {
        using var locator = Locator();
        var progress = new List<DownloadProgress>();

        string snapshot = locator.Resolve(Turbo, new SyncProgress(progress), ct: Ct);

        Assert.Equal(Path.Combine(_cache, "models--Tongyi-MAI--Z-Image-Turbo", "snapshots", FakeHub.Commit), snapshot);
        var folder = ModelFolder.Open(snapshot);
        Assert.Null(folder.MissingFile());
        Assert.Equal(3.0, folder.Scheduler.Shift);
        Assert.False(File.Exists(Path.Combine(snapshot, "README.md")));
        Assert.False(Directory.Exists(Path.Combine(snapshot, "assets")));
        Assert.False(File.Exists(Path.Combine(snapshot, "transformer", "diffusion_pytorch_model.bin")));
        Assert.Equal(FakeHub.Commit, File.ReadAllText(Path.Combine(_cache, "models--Tongyi-MAI--Z-Image-Turbo", "refs", "main")));
        Assert.Single(_hub.Requests, r => r.Path == "/api/models/Tongyi-MAI/Z-Image-Turbo/revision/main");
        // Every file was pinned to the listed commit, not to "main".
        Assert.All(_hub.Requests.Where(r => r.Method == "HEAD"), r => Assert.Contains($"/resolve/{FakeHub.Commit}/", r.Path));
        // model_index.json is fetched first to learn the components; the other 9 files are numbered out of the 10.
        Assert.All(progress.Where(p => p.File != "model_index.json"), p => Assert.Equal(10, p.FileCount));
        Assert.Equal(9, progress.Where(p => p.IsComplete && p.File != "model_index.json").Select(p => p.File).Distinct().Count());

        _hub.Requests.Clear();
        Assert.Equal(snapshot, locator.Resolve(Turbo, ct: Ct));
        using (var offline = Locator(offline: true)) Assert.Equal(snapshot, offline.Resolve(Turbo, ct: Ct));
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public void IncompleteSnapshot_DownloadsOnlyTheMissingFile()
    {
        using var locator = Locator();
        string snapshot = locator.Resolve(Turbo, ct: Ct);
        File.Delete(Path.Combine(snapshot, "vae", "diffusion_pytorch_model.safetensors"));
        _hub.Requests.Clear();

        Assert.Equal(snapshot, locator.Resolve(Turbo, ct: Ct));

        Assert.True(File.Exists(Path.Combine(snapshot, "vae", "diffusion_pytorch_model.safetensors")));
        Assert.Equal(["/api/models/Tongyi-MAI/Z-Image-Turbo/revision/main", $"/Tongyi-MAI/Z-Image-Turbo/resolve/{FakeHub.Commit}/vae/diffusion_pytorch_model.safetensors"],
            _hub.Requests.Where(r => r.Method != "GET" || r.Path.StartsWith("/api/")).Select(r => r.Path));
    }

    [Fact]
    public void Offline_WithAnIncompleteSnapshot_NamesTheMissingFile_WithoutRequests()
    {
        using (var locator = Locator()) File.Delete(Path.Combine(locator.Resolve(Turbo, ct: Ct), "transformer", "config.json"));
        _hub.Requests.Clear();
        using var offline = Locator(offline: true);

        var e = Assert.Throws<HubOfflineException>(() => offline.Resolve(Turbo, ct: Ct));

        Assert.Equal("transformer/config.json", e.File);
        Assert.Contains(Turbo, e.Message);
        Assert.Contains("HF_HUB_OFFLINE", e.Message);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public void RevisionSuffix_IsUsedForTheDownload()
    {
        using var locator = Locator();
        string path = locator.Resolve($"ostris/zimage_turbo_training_adapter@{FakeHub.Commit}/zimage_turbo_training_adapter_v2.safetensors", ct: Ct);
        Assert.Contains(FakeHub.Commit, path);
        Assert.Contains(_hub.Requests, r => r.Path.Contains($"/resolve/{FakeHub.Commit}/"));
        Assert.Throws<HubNotFoundException>(() => locator.Resolve("ostris/zimage_turbo_training_adapter@v9/zimage_turbo_training_adapter_v2.safetensors", ct: Ct));
    }

    /// <summary>Records progress synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    sealed class SyncProgress(List<DownloadProgress> reports) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => reports.Add(value);
    }
}
