using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// The silo this command is a client of stopped answering: the process that owns the home exited while the command ran
/// (its sweep finished, or it was stopped), or a cluster's gateways went away. Orleans retries a dead gateway until
/// its response timeout; the user gets one line naming who did not answer instead of a stack trace.
/// </summary>
public sealed class ClusterUnreachableException(string who, Exception cause)
    : Exception($"{who} did not answer ({FirstLine(cause.Message)}); if it has stopped, run the command again", cause), IUserFacingError
{
    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
