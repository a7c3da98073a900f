using System.ComponentModel;
using Spectre.Console.Cli;

namespace ZImageSweep.Client.Connection;

/// <summary>Options every verb that talks to sweeps shares: which cluster, if any.</summary>
public class ClusterSettings : CommandSettings
{
    public const string ClusterVariable = "ZSWEEP_CLUSTER";

    [CommandOption("--cluster <CONNECTION>")]
    [Description("PostgreSQL connection string of a cluster (default: $ZSWEEP_CLUSTER; without one, zsweep hosts the embedded single-machine silo itself).")]
    public string? Cluster { get; init; }

    public string? ResolvedCluster => Cluster ?? Environment.GetEnvironmentVariable(ClusterVariable);
}
