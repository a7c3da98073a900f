using System.Text.RegularExpressions;

namespace ZImageSweep.Engine.Hub;

/// <summary>
/// What the Hub says about one file before it is downloaded: the commit the revision resolved to, the ETag (the LFS
/// sha256 for large files, the git blob id for small ones), the size, and where the bytes are (the CDN for LFS files).
/// </summary>
sealed partial record HubFileMetadata(string Commit, string Etag, long? Size, Uri Location)
{
    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    /// <summary>The sha256 to verify against: the ETag when it is 64 hex characters (LFS files), else null.</summary>
    public string? Sha256 => Sha256Hex().IsMatch(Etag) ? Etag : null;

    /// <summary>Strips a weak-validator prefix and quotes: <c>W/"abc"</c> → <c>abc</c>.</summary>
    public static string NormalizeEtag(string etag)
    {
        string value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return value.Trim('"').ToLowerInvariant();
    }
}
