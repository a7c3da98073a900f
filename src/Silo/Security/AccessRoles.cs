namespace ZImageSweep.Silo.Security;

/// <summary>The written names of <see cref="AccessRole"/>: in tokens files, role claims and <c>/api/whoami</c>.</summary>
public static class AccessRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    /// <summary>What <c>/api/whoami</c> answers when no token is configured: everyone may do everything.</summary>
    public const string Open = "open";

    public static readonly IReadOnlyList<AccessRole> All = Enum.GetValues<AccessRole>();

    public static string NameOf(AccessRole role) => role switch
    {
        AccessRole.Viewer => Viewer,
        AccessRole.Operator => Operator,
        AccessRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string name, out AccessRole role)
    {
        foreach (var candidate in All)
        {
            if (NameOf(candidate) != name) continue;
            role = candidate;
            return true;
        }
        role = default;
        return false;
    }

    /// <summary><paramref name="role"/> and every role it includes: an operator is also a viewer.</summary>
    public static IEnumerable<AccessRole> Granted(AccessRole role) => All.Where(r => r <= role);
}
