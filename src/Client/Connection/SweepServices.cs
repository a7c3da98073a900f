namespace ZImageSweep.Client.Connection;

/// <summary>Opens the sweeps a verb's settings name: a server over HTTP (<c>--server</c>), else a cluster or home through Orleans.</summary>
public static class SweepServices
{
    /// <param name="use">What the command needs from a home that no other process owns (<see cref="SweepConnection.OpenAsync"/>).</param>
    public static async Task<ISweepService> OpenAsync(ClusterSettings settings, HomeUse use, string command, Action<string> say, CancellationToken cancellationToken)
    {
        if (settings.ResolvedServer is { } server) return new HttpSweepService(server, settings.ResolvedToken);
        var connection = await SweepConnection.OpenAsync(settings, use, command, say, cancellationToken);
        string? elsewhere = connection.Owner is { } owner ? $"{owner.Describe()}, which owns {settings.ResolvedHome}" : null;
        return new OrleansSweepService(connection, elsewhere);
    }
}
