using System.Text.RegularExpressions;
using ZImageSweep.Contracts.Artifacts;

namespace ZImageSweep.Engine.Hub;

/// <summary>
/// The huggingface_hub cache layout, shared with Python tools:
/// <c>models--{org}--{repo}/blobs/{etag}</c> (file contents, named by the Hub's ETag: the LFS sha256 or the git
/// blob id), <c>refs/{revision}</c> (the commit a branch or tag pointed to), <c>snapshots/{commit}/{path}</c>
/// (relative symlinks into blobs/, or copies where the file system has no symlinks).
/// </summary>
public sealed partial class HubCache(string root)
{
    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitHash();

    public string Root { get; } = Path.GetFullPath(root);

    public string RepoFolder(string repo) => Path.Combine(Root, "models--" + repo.Replace("/", "--"));
    public string RefPath(string repo, string revision) => Path.Combine(RepoFolder(repo), "refs", revision);
    public string SnapshotFolder(string repo, string commit) => Path.Combine(RepoFolder(repo), "snapshots", commit);
    public string SnapshotPath(string repo, string commit, string file) => Path.Combine(SnapshotFolder(repo, commit), file);
    public string BlobPath(string repo, string etag) => Path.Combine(RepoFolder(repo), "blobs", etag);
    public string LockPath(string repo, string etag) => Path.Combine(Root, ".locks", "models--" + repo.Replace("/", "--"), etag + ".lock");

    public static bool IsCommitHash(string revision) => CommitHash().IsMatch(revision);

    /// <summary>The commit a revision resolves to in the cache: itself if it is a commit hash, else refs/{revision}; null if unknown.</summary>
    public string? ResolveCommit(string repo, string revision)
    {
        if (IsCommitHash(revision)) return revision;
        string refPath = RefPath(repo, revision);
        return File.Exists(refPath) && File.ReadAllText(refPath).Trim() is { Length: > 0 } commit ? commit : null;
    }

    /// <summary>The cached file of <paramref name="revision"/>, or null (a dangling link counts as absent).</summary>
    public string? TryGetFile(string repo, string revision, string file) =>
        ResolveCommit(repo, revision) is { } commit && File.Exists(SnapshotPath(repo, commit, file)) ? SnapshotPath(repo, commit, file) : null;

    /// <summary>The cached snapshot folder of <paramref name="revision"/>, or null.</summary>
    public string? TryGetSnapshot(string repo, string revision) =>
        ResolveCommit(repo, revision) is { } commit && Directory.Exists(SnapshotFolder(repo, commit)) ? SnapshotFolder(repo, commit) : null;

    public void WriteRef(string repo, string revision, string commit)
    {
        if (revision == commit) return;
        AtomicFile.WriteAllText(RefPath(repo, revision), commit);
    }

    /// <summary>
    /// Points snapshots/{commit}/{file} at a blob: a relative symlink created under a temporary name and renamed into
    /// place, so the final name is never a half-made link; a copy (also renamed into place) where symlinks fail.
    /// </summary>
    public string Link(string repo, string commit, string file, string blobPath)
    {
        string link = SnapshotPath(repo, commit, file);
        string directory = Path.GetDirectoryName(link)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(link)}.{Guid.NewGuid():N}.tmp");
        try
        {
            try
            {
                File.CreateSymbolicLink(temp, Path.GetRelativePath(directory, blobPath));
            }
            catch (IOException)
            {
                File.Copy(blobPath, temp);
            }
            catch (UnauthorizedAccessException)
            {
                File.Copy(blobPath, temp);
            }
            File.Move(temp, link, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp) || new FileInfo(temp).LinkTarget is not null) File.Delete(temp);
        }
        return link;
    }
}
