using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Metadata;
using Orleans.Runtime;
using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// An Orleans client knows which grain classes implement an interface only from the cluster manifest its gateway
/// sends. Its start completes on the first manifest received, which under load can still lack the silo's grains (CI
/// saw <c>Could not find an implementation for interface zsweep.ISweepGrain</c> from <c>zsweep status</c> right
/// after connecting; dotnet/orleans#8323 reports the same), and by default the next one is asked for only after
/// <see cref="TypeManagementOptions.TypeMapRefreshInterval"/> (a minute). So the CLI's clients refresh every
/// <see cref="RefreshInterval"/> and wait for a manifest that resolves the sweep grains before the first call.
/// </summary>
static class SweepGrainTypes
{
    static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static void RefreshOften(IClientBuilder client) =>
        client.Configure<TypeManagementOptions>(o => o.TypeMapRefreshInterval = RefreshInterval);

    /// <exception cref="GrainTypesUnknownException">No manifest from the gateway resolved the sweep grains within <see cref="Patience"/>.</exception>
    public static async Task WaitUntilResolvableAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        GrainInterfaceType sweep = services.GetRequiredService<GrainInterfaceTypeResolver>().GetGrainInterfaceType(typeof(ISweepGrain));
        var resolver = services.GetRequiredService<GrainInterfaceTypeToGrainTypeResolver>();
        if (resolver.TryGetGrainType(sweep, out _)) return;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await foreach (ClusterManifest update in services.GetRequiredService<IClusterManifestProvider>().Updates.WithCancellation(patience.Token))
                if (resolver.TryGetGrainType(sweep, out _)) return;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Reported below.
        }
        cancellationToken.ThrowIfCancellationRequested();
        throw new GrainTypesUnknownException($"The cluster's gateway sent no list of grains that includes the sweep grains within {Patience.TotalSeconds:F0} s; is it a ZImageSweep silo of the same version?");
    }
}
