using System.Runtime.InteropServices;

namespace ZImageSweep.Client.Signals;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM for a command that stops gracefully: the first signal cancels <see cref="Stopping"/>
/// and fixes the exit code the shell expects (130 or 143); a second one calls <c>onSecond</c>, which must end the
/// process at once. The process itself is never ended by the first signal: the command decides when it is done.
/// </summary>
public sealed class StopSignals : IDisposable
{
    public const int InterruptedExitCode = 130;
    public const int TerminatedExitCode = 143;

    readonly CancellationTokenSource _stopping = new();
    readonly Action<int> _onSecond;
    readonly PosixSignalRegistration[] _registrations;
    int _count;

    public StopSignals(Action<int> onSecond)
    {
        _onSecond = onSecond;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Stopping => _stopping.Token;

    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>130 after SIGINT, 143 after SIGTERM (128 + the signal's number, as shells report them).</summary>
    public int ExitCode { get; private set; }

    /// <summary>
    /// The exit code of the signal that stopped this process, if one did: a command stopped while it was still
    /// connecting ends with an <see cref="OperationCanceledException"/>, which <see cref="CommandErrors"/> turns into it.
    /// </summary>
    public static int? Received { get; private set; }

    void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _count) == 1)
        {
            ExitCode = context.Signal == PosixSignal.SIGTERM ? TerminatedExitCode : InterruptedExitCode;
            Received = ExitCode;
            _stopping.Cancel();
        }
        else
        {
            _onSecond(ExitCode);
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _stopping.Dispose();
    }
}
