namespace ZImageSweep.Silo.Security;

/// <summary>
/// The authorization policies route groups require (<c>RequireAuthorization(AccessPolicies.Operator)</c>), named after
/// the role they need. A role's policy admits that role and every role that includes it (<see cref="AccessRoles.Granted"/>);
/// with no token configured every caller holds every role.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Reading sweeps, their curves, samples and verdicts: the page's API.</summary>
    public const string Viewer = AccessRoles.Viewer;

    /// <summary>Creating and controlling sweeps (start, pause, resume, cancel, extend).</summary>
    public const string Operator = AccessRoles.Operator;

    /// <summary>The Orleans dashboard.</summary>
    public const string Admin = AccessRoles.Admin;

    /// <summary><c>/metrics</c> when a scrape token is configured (<see cref="AuthOptions.MetricsToken"/>).</summary>
    public const string MetricsScrape = "metrics-scrape";
}
