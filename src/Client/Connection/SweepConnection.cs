using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using ZImageSweep.Client.Rendering;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Grains.Workers;
using ZImageSweep.Silo.Hosting;
using ZImageSweep.Silo.Storage;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// Where the CLI's grain calls go. With a cluster connection string it is an Orleans client that finds gateways in
/// the PostgreSQL membership table. Without one it uses the home's embedded silo: as the client of the process that
/// owns the home, or, when none does, by owning the home and hosting the silo in this process — with its workers for
/// <see cref="HomeUse.Train"/>, without any for <see cref="HomeUse.Inspect"/>.
/// </summary>
public sealed class SweepConnection : IAsyncDisposable
{

    /// <summary>An owner can exit between being found and being connected to; then the home is claimed again.</summary>
    const int ClaimAttempts = 3;

    readonly IHost _host;
    readonly HomeLock? _owned;
    bool _disposed;

    SweepConnection(IHost host, HomeLock? owned, bool hostsTraining, HomeOwner? owner)
    {
        _host = host;
        _owned = owned;
        HostsTraining = hostsTraining;
        Owner = owner;
        // Read now: a second Ctrl+C asks for it while the host is being disposed.
        if (hostsTraining) HostedWorkerStopTimeout = WorkerStopTimeout(host.Services);
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>How tables show artifact paths: relative to <c>Artifacts:Root</c> where this process knows it (always when embedded).</summary>
    public ArtifactPaths Paths => new(_host.Services.GetRequiredService<IConfiguration>()["Artifacts:Root"]);

    /// <summary>True when training runs inside this process, so the command must stay up for it to progress.</summary>
    public bool HostsTraining { get; }

    /// <summary>The process that owns the home, when this one is its client.</summary>
    public HomeOwner? Owner { get; }

    /// <summary>How long this process's workers may take to save and stop when it stops; null when it hosts none.</summary>
    public TimeSpan? HostedWorkerStopTimeout { get; }

    public static TimeSpan WorkerStopTimeout(IServiceProvider services) => services.GetRequiredService<IOptions<WorkerOptions>>().Value.StopTimeout;

    /// <param name="command">The verb, recorded in the home while this process owns it.</param>
    /// <param name="say">Tells the user what the command waits for.</param>
    /// <exception cref="HomeBusyException">The home holds no sweeps to inspect, or its owner neither serves nor lets go.</exception>
    public static Task<SweepConnection> OpenAsync(ClusterSettings settings, HomeUse use, string command, Action<string> say,
        CancellationToken cancellationToken) =>
        settings.ResolvedCluster is { } cluster
            ? OpenClusterAsync(cluster, cancellationToken)
            : OpenHomeAsync(settings.ResolvedHome, use, command, say, cancellationToken);

    /// <param name="overrides">Settings above every other source when this process hosts the silo (the demo's own).</param>
    public static async Task<SweepConnection> OpenHomeAsync(string home, HomeUse use, string command, Action<string> say,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        // Inspecting a folder that never held sweeps would create an empty database there and answer "no such sweep".
        if (use == HomeUse.Inspect && !File.Exists(ZsweepHome.DatabaseIn(home)))
            throw new HomeBusyException($"{home} holds no sweeps (no {Path.GetFileName(ZsweepHome.DatabaseIn(home))}); --home or ${HomeSettings.HomeVariable} names another home.");
        for (int attempt = 1; ; attempt++)
        {
            var claim = await HomeOwnership.ClaimAsync(home, use, command, say, cancellationToken);
            if (claim.Lock is { } owned) return await HostAsync(owned, use, overrides, cancellationToken);
            var builder = CreateBuilder();
            builder.AddHomeClient(claim.Owner!);
            var host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken);
                await SweepGrainTypes.WaitUntilResolvableAsync(host.Services, cancellationToken);
                return new SweepConnection(host, owned: null, hostsTraining: false, claim.Owner);
            }
            catch (Exception) when (attempt < ClaimAttempts && !claim.Owner!.IsAlive)
            {
                host.Dispose();
            }
        }
    }

    static async Task<SweepConnection> HostAsync(HomeLock owned, HomeUse use, IReadOnlyDictionary<string, string?>? overrides, CancellationToken cancellationToken)
    {
        try
        {
            var builder = CreateBuilder();
            builder.AddEmbeddedSilo(owned.Home, use, overrides);
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            owned.RecordEndpoints(builder.Configuration);
            return new SweepConnection(host, owned, hostsTraining: use == HomeUse.Train, owner: null);
        }
        catch
        {
            owned.Dispose();
            throw;
        }
    }

    static async Task<SweepConnection> OpenClusterAsync(string cluster, CancellationToken cancellationToken)
    {
        var builder = CreateBuilder();
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.UseOrleansClient(client =>
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
            SweepGrainTypes.RefreshOften(client);
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        await SweepGrainTypes.WaitUntilResolvableAsync(host.Services, cancellationToken);
        return new SweepConnection(host, owned: null, hostsTraining: false, owner: null);
    }

    static HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    /// <summary>Stops the host (an owner's workers save and stop first), then lets go of the home.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _host.StopAsync();
        _host.Dispose();
        _owned?.Dispose();
    }
}
