using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Silo.Hosting;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// Where the CLI's grain calls go. With a cluster connection string it is an Orleans client that finds gateways in
/// the PostgreSQL membership table. Without one it hosts the embedded silo in this process (SQLite under
/// <c>~/.zsweep</c>, settings from <c>ZSWEEP_</c>-less environment variables such as <c>Worker__Command</c>), which also
/// resumes unfinished experiments while the command runs.
/// </summary>
public sealed class SweepConnection : IAsyncDisposable
{
    readonly IHost _host;

    SweepConnection(IHost host, bool embedded)
    {
        _host = host;
        IsEmbedded = embedded;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>How tables show artifact paths: relative to <c>Artifacts:Root</c> where this process knows it (always when embedded).</summary>
    public ArtifactPaths Paths => new(_host.Services.GetRequiredService<IConfiguration>()["Artifacts:Root"]);

    /// <summary>True when training runs inside this process, so the command must stay up for it to progress.</summary>
    public bool IsEmbedded { get; }

    public static async Task<SweepConnection> OpenAsync(ClusterSettings settings, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? embeddedOverrides = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        string? cluster = settings.ResolvedCluster;
        if (cluster is null) builder.AddEmbeddedSilo(embeddedOverrides);
        else builder.UseOrleansClient(client =>
        {
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = PostgresSchema.Invariant;
                o.ConnectionString = cluster;
            });
            var silo = builder.Configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = silo.ServiceId;
            });
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new SweepConnection(host, embedded: cluster is null);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
