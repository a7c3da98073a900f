using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Contracts.Artifacts;

namespace ZImageSweep.Client.Connection;

/// <summary>The option every verb on a home shares: which folder holds the sweeps (<c>zsweep.db</c>, <c>artifacts/</c>).</summary>
public class HomeSettings : CommandSettings
{
    public const string HomeVariable = "ZSWEEP_HOME";

    [CommandOption("--home <FOLDER>")]
    [Description("The folder of the sweeps, holding zsweep.db and artifacts/ (default: $ZSWEEP_HOME, else ~/.zsweep; the demo's is ~/.zsweep/demo).")]
    public string? Home { get; init; }

    /// <summary>The home as an absolute path: <c>--home</c>, else <c>$ZSWEEP_HOME</c>, else <c>~/.zsweep</c>.</summary>
    public string ResolvedHome => Path.GetFullPath(Home ?? NonEmpty(Environment.GetEnvironmentVariable(HomeVariable)) ?? ZsweepHome.Default);

    public override ValidationResult Validate() =>
        Home is null || Directory.Exists(Home) ? ValidationResult.Success() : ValidationResult.Error($"--home '{Home}' is not a folder.");

    protected static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
