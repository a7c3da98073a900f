namespace ZImageSweep.Engine.Hub;

/// <summary>
/// Downloads Hub files into the huggingface_hub cache layout (see <see cref="HubCache"/>). A file already in the
/// cache for the revision is returned without any request; otherwise the Hub's metadata is fetched, the blob is
/// downloaded (resuming a partial <c>.incomplete</c> file with an HTTP Range request, retried on dropped
/// connections, size- and sha256-checked) and renamed into place, then the snapshot link and the ref are written.
/// </summary>
public sealed class HubDownloader : IDisposable
{
    readonly HubClient _client;

    public HubDownloader(HubSettings settings, HttpMessageHandler? handler = null)
    {
        Settings = settings;
        Cache = new HubCache(settings.CacheDirectory);
        _client = new HubClient(settings, handler);
    }

    public HubSettings Settings { get; }
    public HubCache Cache { get; }

    /// <returns>The file's path under <c>snapshots/{commit}/</c>.</returns>
    /// <exception cref="HubOfflineException">offline mode is on and the file is not cached.</exception>
    /// <exception cref="HubException">authentication, not found, integrity or transfer errors.</exception>
    public Task<string> DownloadFileAsync(string repo, string file, string revision = HubReference.DefaultRevision,
        IProgress<DownloadProgress>? progress = null, CancellationToken ct = default) =>
        DownloadFileAsync(repo, file, revision, progress, fileNumber: 1, fileCount: 1, ct);

    internal async Task<string> DownloadFileAsync(string repo, string file, string revision,
        IProgress<DownloadProgress>? progress, int fileNumber, int fileCount, CancellationToken ct)
    {
        if (!HubReference.IsSafeRelativePath(file)) throw new ArgumentException($"'{file}' is not a file path inside a repository", nameof(file));
        if (Cache.TryGetFile(repo, revision, file) is { } cached) return cached;
        if (Settings.Offline) throw new HubOfflineException(repo, revision, file, Cache.Root);

        HubFileMetadata metadata = await WithRetries(() => _client.GetMetadataAsync(repo, revision, file, ct), ct);
        string blob = Cache.BlobPath(repo, metadata.Etag);
        if (!File.Exists(blob))
        {
            using FileStream _ = await BlobTransfer.LockAsync(Cache.LockPath(repo, metadata.Etag), Settings, ct);
            if (!File.Exists(blob)) // another process may have finished it while we waited
            {
                var transfer = new BlobTransfer(_client, metadata, blob, repo, revision, file,
                    bytes => progress?.Report(new DownloadProgress(repo, file, bytes, metadata.Size, fileNumber, fileCount)));
                await WithRetries(async () => { await transfer.RunAsync(ct); return true; }, ct);
            }
        }
        progress?.Report(new DownloadProgress(repo, file, new FileInfo(blob).Length, metadata.Size, fileNumber, fileCount));
        string path = Cache.Link(repo, metadata.Commit, file, blob);
        Cache.WriteRef(repo, revision, metadata.Commit);
        return path;
    }

    /// <summary>The commit and file list of a revision (one API request; fails in offline mode).</summary>
    public Task<(string Commit, IReadOnlyList<string> Files)> ListFilesAsync(string repo, string revision, CancellationToken ct = default)
    {
        if (Settings.Offline) throw new HubOfflineException(repo, revision, "(file list)", Cache.Root);
        return WithRetries(() => _client.ListFilesAsync(repo, revision, ct), ct);
    }

    /// <summary>Runs <paramref name="action"/> up to <see cref="HubSettings.MaxAttempts"/> times while it fails transiently.</summary>
    async Task<T> WithRetries<T>(Func<Task<T>> action, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (HubDownloadException e) when (e.IsTransient && attempt < Settings.MaxAttempts)
            {
                if (Settings.RetryDelay > TimeSpan.Zero) await Task.Delay(Settings.RetryDelay, ct);
            }
        }
    }

    public void Dispose() => _client.Dispose();
}
