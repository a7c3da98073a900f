using System.Runtime.ExceptionServices;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Contracts.Errors;
using ZImageSweep.Client.Parsing;

namespace ZImageSweep.Client;

/// <summary>
/// Which failures are the user's to fix (one line, exit code 1; 2 when the command line itself is wrong) and which are
/// bugs (rethrown with their stack trace).
/// </summary>
public static class CommandErrors
{
    /// <summary>The command line could not be parsed (unknown option, surplus argument) or its input was refused.</summary>
    public const int InputRefused = 2;

    /// <summary>
    /// Inside a command: errors marked <see cref="IUserFacingError"/> (missing files, malformed configs, checkpoints
    /// or LoRAs that do not fit, bad sizes, Hub failures, unknown sweeps, arms or steps) and file-system errors.
    /// </summary>
    public static bool IsExpected(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or IUserFacingError;

    /// <summary>
    /// The app's exception handler. Spectre's parse and settings-validation errors (<see cref="CommandAppException"/>,
    /// e.g. "--width 100 must be a multiple of 16") are rendered as Spectre renders them and give exit code 1, or
    /// <see cref="InputRefused"/> for a command line that does not parse (with the closest option for a misspelt one); every
    /// other exception reached here is unexpected and is rethrown with its original stack trace, as
    /// <c>PropagateExceptions()</c> would (which, however, would also turn usage errors into stack traces).
    /// </summary>
    /// <param name="configuredConsole">The app's console setting: parse errors come before the type resolver exists,
    /// so that is where a test console is found then.</param>
    public static int Handle(Exception e, ITypeResolver? resolver, IAnsiConsole? configuredConsole)
    {
        if (e is not CommandAppException usage)
        {
            ExceptionDispatchInfo.Throw(e);
            return -1; // unreachable
        }
        IAnsiConsole console = resolver?.Resolve(typeof(IAnsiConsole)) as IAnsiConsole ?? configuredConsole ?? AnsiConsole.Console;
        if (usage.Pretty is { } pretty) console.Write(pretty);
        else console.MarkupLine($"[red]error:[/] {Markup.Escape(usage.Message)}");
        if (usage is not CommandParseException) return 1;
        if (OptionSuggestion.For(usage.Message) is { } suggestion) console.MarkupLine($"Did you mean [bold]{suggestion}[/]?");
        return InputRefused;
    }
}
