namespace ZImageSweep.Engine.Hub;

/// <summary>Offline mode is on and the file is not in the cache.</summary>
public sealed class HubOfflineException(string repo, string revision, string file, string cacheDirectory)
    : HubException(repo, revision, file,
        $"{Subject(repo, revision, file)} is not in the Hugging Face cache ({cacheDirectory}) and {HubSettings.OfflineVariable} is set, " +
        $"so it cannot be downloaded: download it once with {HubSettings.OfflineVariable} unset, or pass a local path.");
