using Microsoft.Extensions.Hosting;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// The host lifetime of a command's silo or client: none. The default console lifetime takes Ctrl+C and SIGTERM for
/// itself and only asks the host to stop, which a command waiting on its sweep never hears; the commands handle the
/// signals themselves (<see cref="StopSignals"/>) and stop the host when they are done.
/// </summary>
public sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
