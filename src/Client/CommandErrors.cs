using System.Runtime.ExceptionServices;
using Spectre.Console;
using Spectre.Console.Cli;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Signals;

namespace ZImageSweep.Client;

/// <summary>
/// Which failures are the user's to fix (one line, exit code 1) and which are bugs (rethrown with their stack trace).
/// </summary>
public static class CommandErrors
{
    /// <summary>
    /// Inside a command: the Engine's typed errors (missing files, malformed configs, checkpoints or LoRAs that do not
    /// fit, bad sizes, Hub failures) and file-system errors.
    /// </summary>
    public static bool IsExpected(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException
        || e.GetType().Namespace?.StartsWith("ZImageSweep.Engine", StringComparison.Ordinal) == true;

    /// <summary>
    /// The app's exception handler. Spectre's parse and settings-validation errors (<see cref="CommandAppException"/>,
    /// e.g. "--width 100 must be a multiple of 16") are rendered as Spectre renders them and give exit code 1, as does a
    /// home that cannot be used (<see cref="HomeBusyException"/>, one line); every other exception reached here is unexpected and is rethrown with its original stack trace, as
    /// <c>PropagateExceptions()</c> would (which, however, would also turn usage errors into stack traces).
    /// </summary>
    public static int Handle(Exception e, ITypeResolver? resolver)
    {
        IAnsiConsole console = resolver?.Resolve(typeof(IAnsiConsole)) as IAnsiConsole ?? AnsiConsole.Console;
        switch (e)
        {
            case CommandAppException { Pretty: { } pretty }:
                console.Write(pretty);
                return 1;
            case CommandAppException or HomeBusyException: // a home with no sweeps, or an owner that never answered
                console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                return 1;
            case OperationCanceledException when StopSignals.Received is { } exitCode: // stopped before it had started
                return exitCode;
            default:
                ExceptionDispatchInfo.Throw(e);
                return -1; // unreachable
        }
    }
}
