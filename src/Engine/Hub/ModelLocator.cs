using ZImageSweep.Engine.ModelConfigFiles;
using ZImageSweep.Engine.Weights;

namespace ZImageSweep.Engine.Hub;

/// <summary>
/// Turns what a user or a job config names into a local path: an existing file or folder as is; <c>org/repo</c> into
/// the cached snapshot folder of a diffusers repository (downloading what the pipeline needs); <c>org/repo/path/file</c>
/// into the cached file (ai-toolkit's <c>ostris/zimage_turbo_training_adapter/zimage_turbo_training_adapter_v2.safetensors</c>).
/// Settings come from the huggingface_hub environment variables (<see cref="HubSettings.FromEnvironment"/>).
/// As in diffusers, a name that is not an existing path but reads as <c>org/repo</c> goes to the Hub; prefix local
/// relative paths with <c>./</c> to keep them local. A cached branch is not re-checked for newer commits.
/// </summary>
public sealed class ModelLocator(HubSettings settings, HttpMessageHandler? handler = null) : IDisposable
{
    readonly HubDownloader _downloader = new(settings, handler);

    public HubSettings Settings => _downloader.Settings;
    public HubCache Cache => _downloader.Cache;

    public static ModelLocator FromEnvironment() => new(HubSettings.FromEnvironment());

    /// <summary>Synchronous <see cref="ResolveAsync"/> for callers without an async context (CLI start-up, tests).</summary>
    public string Resolve(string nameOrPath, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default) =>
        ResolveAsync(nameOrPath, progress, ct).GetAwaiter().GetResult();

    /// <returns>The full path of the local file or folder.</returns>
    /// <exception cref="ModelFileNotFoundException">neither an existing path nor a Hub name.</exception>
    /// <exception cref="HubException">the Hub download failed (offline, authentication, not found, corrupt, network).</exception>
    public async Task<string> ResolveAsync(string nameOrPath, IProgress<DownloadProgress>? progress = null, CancellationToken ct = default)
    {
        string local = nameOrPath.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), nameOrPath[2..])
            : nameOrPath;
        if (File.Exists(local) || Directory.Exists(local)) return Path.GetFullPath(local);
        HubReference reference = HubReference.TryParse(nameOrPath)
            ?? throw new ModelFileNotFoundException(Path.GetFullPath(local), "no such file or folder, and not a Hub name (org/repo or org/repo/path/to/file)");
        return reference.FilePath is { } file
            ? await _downloader.DownloadFileAsync(reference.Repo, file, reference.Revision, progress, ct)
            : await ResolveRepositoryAsync(reference.Repo, reference.Revision, progress, ct);
    }

    /// <summary>
    /// A complete cached snapshot is used without any request. Otherwise the revision's file list is fetched once,
    /// its commit pinned (every file comes from that commit), and the files the pipeline needs are downloaded.
    /// </summary>
    async Task<string> ResolveRepositoryAsync(string repo, string revision, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        string? snapshot = Cache.TryGetSnapshot(repo, revision);
        string? missing = snapshot is null ? ModelFolder.IndexFileName : MissingFile(snapshot);
        if (missing is null) return snapshot!;
        if (Settings.Offline)
        {
            // A non-diffusers snapshot cannot be checked for completeness offline: use what is there.
            if (snapshot is not null && !ModelFolder.IsModelFolder(snapshot)) return snapshot;
            throw new HubOfflineException(repo, revision, missing, Cache.Root);
        }

        var (commit, files) = await _downloader.ListFilesAsync(repo, revision, ct);
        IReadOnlyCollection<string>? components = null;
        if (files.Contains(ModelFolder.IndexFileName))
        {
            await _downloader.DownloadFileAsync(repo, ModelFolder.IndexFileName, commit, progress, ct: ct);
            components = ModelFolder.Open(Cache.SnapshotFolder(repo, commit)).Components.Keys.ToList();
        }
        IReadOnlyList<string> wanted = PipelineFiles.Select(files, components);
        if (wanted.Count == 0) throw new HubNotFoundException(repo, revision, null, "NoWeightsOrConfigs");
        for (int i = 0; i < wanted.Count; i++)
            await _downloader.DownloadFileAsync(repo, wanted[i], commit, progress, i + 1, wanted.Count, ct);
        Cache.WriteRef(repo, revision, commit);
        return Cache.SnapshotFolder(repo, commit);
    }

    /// <summary>For a diffusers snapshot the first missing file, relative to the snapshot; other repositories are always re-listed online.</summary>
    static string? MissingFile(string snapshot)
    {
        if (!ModelFolder.IsModelFolder(snapshot)) return ModelFolder.IndexFileName;
        try
        {
            return ModelFolder.Open(snapshot).MissingFile() is { } path ? Path.GetRelativePath(snapshot, path) : null;
        }
        catch (ModelConfigException)
        {
            return ModelFolder.IndexFileName;
        }
    }

    public void Dispose() => _downloader.Dispose();
}
