using System.Security.Cryptography;
using System.Text;

namespace ZImageSweep.Silo.Security;

/// <summary>
/// The token line format: <c>role:token</c> or <c>role:sha256:&lt;64 hex digits&gt;</c> (the SHA-256 of the token's
/// UTF-8 text, so a file need not hold the token itself), one per line; <c>#</c> starts a comment line, blank lines
/// are skipped. A token is what follows the first colon, trimmed.
/// </summary>
public static class TokenLines
{
    const string HashPrefix = "sha256:";

    /// <summary>The entries of <paramref name="lines"/>, each a line's text with its location (<c>file:line</c>).</summary>
    /// <exception cref="TokensFileException">A line has an unknown role, an empty token or bad hex, or repeats a token.</exception>
    public static IReadOnlyList<TokenEntry> Parse(IEnumerable<(string Location, string Text)> lines)
    {
        var entries = new List<TokenEntry>();
        foreach (var (location, text) in lines)
        {
            if (ParseLine(location, text) is not { } entry) continue;
            if (entries.FirstOrDefault(e => e.Sha256.AsSpan().SequenceEqual(entry.Sha256)) is { } earlier)
                throw new TokensFileException(location, $"the same token as {earlier.Location}; every token must be distinct, so its role is clear");
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>The lines of <paramref name="path"/>, located as <c>path:number</c>.</summary>
    /// <exception cref="TokensFileException">The file cannot be read.</exception>
    public static IEnumerable<(string Location, string Text)> ReadFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokensFileException(path, $"cannot read the tokens file ({e.Message})");
        }
        return lines.Select((text, i) => ($"{path}:{i + 1}", text));
    }

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    static TokenEntry? ParseLine(string location, string text)
    {
        string line = text.Trim();
        if (line.Length == 0 || line.StartsWith('#')) return null;
        int colon = line.IndexOf(':');
        if (colon < 0) throw new TokensFileException(location, "expected role:token or role:sha256:<hex>");
        string roleName = line[..colon].Trim();
        if (!AccessRoles.TryParse(roleName, out var role))
            throw new TokensFileException(location, $"unknown role '{roleName}'; use one of {string.Join(", ", AccessRoles.All.Select(AccessRoles.NameOf))}");
        string token = line[(colon + 1)..].Trim();
        if (token.Length == 0) throw new TokensFileException(location, $"the {roleName} token is empty");
        if (!token.StartsWith(HashPrefix, StringComparison.Ordinal)) return new TokenEntry(role, Hash(token), location);
        string hex = token[HashPrefix.Length..].Trim();
        if (hex.Length != SHA256.HashSizeInBytes * 2 || !hex.All(char.IsAsciiHexDigit))
            throw new TokensFileException(location, $"sha256: must be followed by {SHA256.HashSizeInBytes * 2} hex digits (the token's SHA-256, e.g. from sha256sum)");
        return new TokenEntry(role, Convert.FromHexString(hex), location);
    }
}
