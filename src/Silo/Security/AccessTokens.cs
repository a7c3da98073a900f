using System.Security.Cryptography;

namespace ZImageSweep.Silo.Security;

/// <summary>
/// The configured tokens, as SHA-256 digests only. A presented token is hashed and compared with every digest in
/// constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>, no early exit), so neither the comparison nor
/// the position of a match tells an attacker how much of a guess was right.
/// </summary>
public sealed class AccessTokens
{
    readonly IReadOnlyList<TokenEntry> _roles;
    readonly byte[]? _metrics;

    public AccessTokens(IReadOnlyList<TokenEntry> roles, byte[]? metricsSha256)
    {
        _roles = roles;
        _metrics = metricsSha256;
    }

    /// <summary>No role token is configured: today's single-user mode, where every caller may do everything.</summary>
    public bool IsOpen => _roles.Count == 0;

    /// <summary>A scrape token is configured, and <c>/metrics</c> needs it.</summary>
    public bool ProtectsMetrics => _metrics is not null;

    /// <summary>The tokens <paramref name="options"/> configure: the file's lines, then the configuration's.</summary>
    /// <exception cref="TokensFileException">A line is malformed, or a file cannot be read.</exception>
    public static AccessTokens Load(AuthOptions options)
    {
        var lines = options.TokensFile is { Length: > 0 } file ? TokenLines.ReadFile(file) : [];
        var configured = options.Tokens.Select((text, i) => ($"{AuthOptions.Section}:{nameof(AuthOptions.Tokens)}:{i}", text));
        return new AccessTokens(TokenLines.Parse(lines.Concat(configured)), MetricsTokenOf(options));
    }

    /// <summary>The role of the holder of <paramref name="token"/>, or null for a token that is not configured.</summary>
    public AccessRole? RoleOf(string token)
    {
        byte[] presented = TokenLines.Hash(token);
        AccessRole? match = null;
        foreach (var entry in _roles)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, entry.Sha256)) match = entry.Role;
        }
        return match;
    }

    /// <summary>How many tokens of each role, e.g. <c>1 viewer, 2 operator</c>: for the start-up log, which never shows a token.</summary>
    public string Describe() =>
        string.Join(", ", _roles.GroupBy(e => e.Role).OrderBy(g => g.Key).Select(g => $"{g.Count()} {AccessRoles.NameOf(g.Key)}"));

    public bool IsMetricsToken(string token) =>
        _metrics is not null && CryptographicOperations.FixedTimeEquals(TokenLines.Hash(token), _metrics);

    static byte[]? MetricsTokenOf(AuthOptions options)
    {
        if (options.MetricsTokenFile is { Length: > 0 } file)
        {
            // The first line that is not blank or a comment; a Secret's file often ends with a newline.
            var (_, text) = TokenLines.ReadFile(file).FirstOrDefault(l => l.Text.Trim() is { Length: > 0 } t && !t.StartsWith('#'));
            return text is null ? throw new TokensFileException(file, "the metrics token file holds no token") : TokenLines.Hash(text.Trim());
        }
        if (options.MetricsToken is null) return null;
        return options.MetricsToken.Trim() is { Length: > 0 } token
            ? TokenLines.Hash(token)
            : throw new TokensFileException($"{AuthOptions.Section}:{nameof(AuthOptions.MetricsToken)}", "the metrics token is empty");
    }
}
