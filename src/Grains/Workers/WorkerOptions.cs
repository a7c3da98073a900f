namespace ZImageSweep.Grains.Workers;

/// <summary>How this silo runs training workers (configuration section <c>Worker</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>The worker executable, e.g. <c>dotnet</c> or the path of an apphost. Required.</summary>
    public string Command { get; set; } = "";

    /// <summary>The worker's arguments (e.g. <c>["/opt/zsweep/zsweep.dll", "worker"]</c>); jobs come through its stdin (WorkerProtocol).</summary>
    public List<string> Arguments { get; set; } = [];

    /// <summary>Extra environment variables for every worker.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>Restarts of a dead worker from its last checkpoint, in a row without a new checkpoint, before the experiment fails.</summary>
    /// <value>2.</value>
    public int MaxRestarts { get; set; } = 2;

    /// <summary>How long a worker asked to drain (silo shutdown) may take to save every arm and exit before it is killed.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
