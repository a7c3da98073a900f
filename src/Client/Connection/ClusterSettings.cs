using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ZImageSweep.Client.Connection;

/// <summary>Options every verb that talks to sweeps shares: which server or cluster, if any, else which home.</summary>
public class ClusterSettings : ServerSettings
{
    public const string ClusterVariable = "ZSWEEP_CLUSTER";

    [CommandOption("--cluster <CONNECTION>")]
    [Description("PostgreSQL connection string of a cluster (default: $ZSWEEP_CLUSTER; without one, zsweep uses the home's embedded single-machine silo).")]
    public string? Cluster { get; init; }

    public string? ResolvedCluster => Cluster ?? Environment.GetEnvironmentVariable(ClusterVariable);

    public override ValidationResult Validate() => Cluster is not null && Server is not null
        ? ValidationResult.Error("Give either --server (over HTTP) or --cluster (as an Orleans client inside the cluster), not both.")
        : base.Validate();
}
