using ZImageSweep.Contracts.Artifacts;

namespace ZImageSweep.Silo.Hosting;

/// <summary>How the silo joins a cluster and where it keeps state (configuration section <c>Silo</c>).</summary>
public sealed class SiloHostOptions
{
    public const string Section = "Silo";

    /// <summary>
    /// <see cref="SiloMode.Embedded"/>: one silo, localhost clustering, SQLite grain state, in-memory reminders.
    /// <see cref="SiloMode.Cluster"/>: PostgreSQL for membership, grain state and reminders.
    /// </summary>
    /// <value><see cref="SiloMode.Embedded"/>.</value>
    public SiloMode Mode { get; set; } = SiloMode.Embedded;

    /// <summary>The silo's name; GPU slots are keyed by it, so it must be unique and stable across restarts.</summary>
    /// <value>The machine name followed by the silo port.</value>
    public string? Name { get; set; }

    /// <summary>The address other silos and clients reach this silo at (cluster mode).</summary>
    /// <value><c>127.0.0.1</c>: a cluster on one machine; set the pod or host IP for a real cluster.</value>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <value>11111.</value>
    public int SiloPort { get; set; } = 11111;

    /// <value>30000.</value>
    public int GatewayPort { get; set; } = 30000;

    /// <value><c>zsweep</c>.</value>
    public string ClusterId { get; set; } = "zsweep";

    /// <value><c>zsweep</c>.</value>
    public string ServiceId { get; set; } = "zsweep";

    /// <summary>The SQLite database of embedded mode.</summary>
    /// <value><c>~/.zsweep/zsweep.db</c>.</value>
    public string SqlitePath { get; set; } = ZsweepHome.DatabaseIn(ZsweepHome.Default);

    /// <summary>The PostgreSQL connection string of cluster mode.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Apply the project's schema scripts at start (idempotent). Embedded mode always does.</summary>
    /// <value>false.</value>
    public bool ApplySchemaAtStart { get; set; }

    /// <summary>
    /// Embedded mode: resume the unfinished experiments at start (their reminders were in memory). A silo opened only
    /// to read or change the durable state, such as the CLI's <c>zsweep status</c> on an idle home, turns it off.
    /// </summary>
    /// <value>true.</value>
    public bool ResumeUnfinishedAtStart { get; set; } = true;

    /// <summary>Where the silo serves HTTP (health, web page, <c>/metrics</c>); ASP.NET's <c>urls</c> setting wins when given.</summary>
    /// <value><c>http://127.0.0.1:5180</c>; a cluster silo sets e.g. <c>http://0.0.0.0:8080</c>.</value>
    public string HttpUrls { get; set; } = "http://127.0.0.1:5180";

    public string ResolvedName => Name ?? $"{Environment.MachineName}-{SiloPort}";
}
