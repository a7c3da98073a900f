using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Parsing;
using ZImageSweep.Contracts.Errors;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Security;
using ZImageSweep.Sweeps;
using ZImageSweep.Client.Signals;

namespace ZImageSweep.Client;

/// <summary>
/// The one place every command's failures end: expected ones (the user's input, the machine's files and disks) are one
/// line and an exit code; anything else is a bug and is shown with its stack trace and a request to report it.
/// </summary>
public static class CommandErrors
{
    /// <summary>A runtime failure the user can act on: a missing or damaged file, a full disk, a diverged run.</summary>
    public const int Runtime = 1;

    /// <summary>
    /// The input is wrong: the command line (unknown option, surplus argument), a job config or sweep spec, a job that
    /// no longer matches its checkpoints, a malformed tokens file, an arm that cannot be extended as asked.
    /// </summary>
    public const int Input = 2;

    /// <summary>An unexpected exception (EX_SOFTWARE of sysexits.h): a bug in zsweep.</summary>
    public const int Bug = 70;

    /// <summary>
    /// The exit code of an expected failure, or null for a bug. Expected: usage errors, typed input errors, errors
    /// marked <see cref="IUserFacingError"/> (missing files, malformed configs, checkpoints or LoRAs that do not fit,
    /// bad sizes, Hub failures, divergence, unknown sweeps, arms or steps) and file-system errors (a full disk is an
    /// <see cref="IOException"/>).
    /// </summary>
    public static int? ExitCodeOf(Exception e) => e switch
    {
        CommandAppException or JobConfigException or SweepSpecException or CheckpointMismatchException or TokensFileException
            or ExtendRejectedException or SweepServerException { BadInput: true } => Input,
        IOException or UnauthorizedAccessException or InvalidDataException or IUserFacingError => Runtime,
        _ => null,
    };

    /// <summary>The app's exception handler (Program.cs and the CLI tests configure it through <see cref="ZsweepCommands"/>).</summary>
    /// <param name="configuredConsole">The app's console setting: parse errors come before the type resolver exists,
    /// so that is where a test console is found then.</param>
    public static int Handle(Exception e, ITypeResolver? resolver, IAnsiConsole? configuredConsole)
    {
        IAnsiConsole console = resolver?.Resolve(typeof(IAnsiConsole)) as IAnsiConsole ?? configuredConsole ?? AnsiConsole.Console;
        if (e is CommandAppException usage)
        {
            // Spectre's own rendering of a parse error points at the argument; a misspelt option also gets the closest one.
            if (usage.Pretty is { } pretty) console.Write(pretty);
            else console.MarkupLine($"[red]error:[/] {Markup.Escape(usage.Message)}");
            if (usage is CommandParseException && OptionSuggestion.For(usage.Message) is { } suggestion)
                console.MarkupLine($"Did you mean [bold]{suggestion}[/]?");
            return Input;
        }
        if (e is OperationCanceledException && StopSignals.Received is { } signalled) return signalled; // stopped before it had started
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
