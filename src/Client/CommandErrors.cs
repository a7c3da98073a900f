using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Engine.Config;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Sweeps;

namespace ZImageSweep.Client;

/// <summary>
/// The one place every command's failures end: expected ones (the user's input, the machine's files and disks) are one
/// line and an exit code; anything else is a bug and is shown with its stack trace and a request to report it.
/// </summary>
public static class CommandErrors
{
    /// <summary>A runtime failure the user can act on: a missing or damaged file, a full disk, a diverged run.</summary>
    public const int Runtime = 1;

    /// <summary>The input is wrong: usage, a job config or sweep spec, a job that no longer matches its checkpoints.</summary>
    public const int Input = 2;

    /// <summary>An unexpected exception (EX_SOFTWARE of sysexits.h): a bug in zsweep.</summary>
    public const int Bug = 70;

    /// <summary>
    /// The exit code of an expected failure, or null for a bug. Expected: usage errors, typed input errors, the
    /// Engine's typed errors (missing files, malformed configs, checkpoints or LoRAs that do not fit, bad sizes, Hub
    /// failures, divergence), file-system errors (a full disk is an <see cref="IOException"/>) and refused sweep calls.
    /// </summary>
    public static int? ExitCodeOf(Exception e) => e switch
    {
        CommandAppException or JobConfigException or SweepSpecException or CheckpointMismatchException => Input,
        IOException or UnauthorizedAccessException or InvalidDataException or SweepRejectedException => Runtime,
        _ when e.GetType().Namespace?.StartsWith("ZImageSweep.Engine", StringComparison.Ordinal) == true => Runtime,
        _ => null,
    };

    /// <summary>The app's exception handler (Program.cs and the CLI tests configure it through <see cref="ZsweepCommands"/>).</summary>
    public static int Handle(Exception e, ITypeResolver? resolver)
    {
        IAnsiConsole console = resolver?.Resolve(typeof(IAnsiConsole)) as IAnsiConsole ?? AnsiConsole.Console;
        if (e is CommandAppException { Pretty: { } pretty })
        {
            console.Write(pretty); // Spectre's own rendering of a parse error, pointing at the argument
            return Input;
        }
        if (ExitCodeOf(e) is int code)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return code;
        }
        console.MarkupLine($"[red]unexpected error[/] (a bug in zsweep; please report it with the output below):");
        console.WriteLine(e.ToString());
        return Bug;
    }
}
