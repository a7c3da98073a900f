using System.Text.RegularExpressions;

namespace ZImageSweep.Engine.Hub;

/// <summary>
/// A model named on the Hub: <c>org/repo</c> (the whole repository), or <c>org/repo/path/to/file</c> (one file, as
/// ai-toolkit names its training adapter). A revision may follow the repo name: <c>org/repo@v1.0/file</c>.
/// </summary>
public sealed partial record HubReference(string Repo, string Revision, string? FilePath)
{
    public const string DefaultRevision = "main";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")]
    private static partial Regex NamePart();

    /// <summary>Parses a Hub name; null for anything that is not one (absolute or relative paths, Windows paths).</summary>
    public static HubReference? TryParse(string name)
    {
        if (name.Length == 0 || name.Contains('\\') || name.StartsWith('/') || name.StartsWith('.') || name.StartsWith('~')) return null;
        string[] parts = name.Split('/');
        if (parts.Length < 2) return null;
        string revision = DefaultRevision;
        string repoName = parts[1];
        if (repoName.IndexOf('@') is var at and > 0)
        {
            revision = repoName[(at + 1)..];
            repoName = repoName[..at];
            if (revision.Length == 0) return null;
        }
        if (!NamePart().IsMatch(parts[0]) || !NamePart().IsMatch(repoName)) return null;
        string? file = parts.Length > 2 ? string.Join('/', parts[2..]) : null;
        if (file is not null && !IsSafeRelativePath(file)) return null;
        return new HubReference($"{parts[0]}/{repoName}", revision, file);
    }

    /// <summary>A path inside a repository: non-empty segments, no "." or "..", so it cannot leave the snapshot folder.</summary>
    public static bool IsSafeRelativePath(string path) =>
        path.Length > 0 && !path.Contains('\\') && path.Split('/').All(s => s.Length > 0 && s != "." && s != "..");

    public override string ToString() =>
        (Revision == DefaultRevision ? Repo : $"{Repo}@{Revision}") + (FilePath is null ? "" : "/" + FilePath);
}
