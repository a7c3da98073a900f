using System.ComponentModel;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;

namespace ZImageSweep.Client.Commands;

/// <summary>Settings of the verbs that act on one sweep by name.</summary>
public class SweepNameSettings : ClusterSettings
{
    [CommandArgument(0, "<SWEEP>")]
    [Description("The sweep's name (zsweep ls lists them).")]
    public string Sweep { get; init; } = "";
}
