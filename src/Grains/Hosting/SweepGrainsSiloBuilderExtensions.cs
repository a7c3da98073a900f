using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Grains.Experiments;
using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Telemetry;
using ZImageSweep.Grains.Trainers;
using ZImageSweep.Grains.Workers;

namespace ZImageSweep.Grains.Hosting;

public static class SweepGrainsSiloBuilderExtensions
{
    /// <summary>
    /// Everything a silo needs to host sweeps: options bound from configuration (sections <c>Worker</c>,
    /// <c>Artifacts</c>, <c>Gpu</c>, <c>Experiments</c>) and validated at start, the worker host, the GPU-slot placement
    /// director, and this silo's slot count published as silo metadata for the scheduler. Grain storage
    /// (<see cref="StorageNames.Grains"/>) and a reminder service are the host's choice.
    /// </summary>
    public static ISiloBuilder AddSweepGrains(this ISiloBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section).ValidateOnStart();
        services.AddOptions<ArtifactOptions>().BindConfiguration(ArtifactOptions.Section).ValidateOnStart();
        services.AddOptions<GpuInventoryOptions>().BindConfiguration(GpuInventoryOptions.Section);
        services.AddOptions<ExperimentOptions>().BindConfiguration(ExperimentOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArtifactOptions>, ArtifactOptionsValidator>());

        services.AddSingleton<GpuInventory>();
        services.AddSingleton(sp => new ArtifactLayout(sp.GetRequiredService<IOptions<ArtifactOptions>>().Value.Root));
        services.AddSingleton<WorkerHost>();
        // Registered after the silo, so it stops first: workers report "stopped" while grains can still take it.
        services.AddHostedService(sp => sp.GetRequiredService<WorkerHost>());
        services.AddSweepMetrics();
        builder.AddPlacementDirector<GpuSlotPlacementStrategy, GpuSlotPlacementDirector>();

        var inventory = new GpuInventory(Options.Create(builder.Configuration.GetSection(GpuInventoryOptions.Section).Get<GpuInventoryOptions>() ?? new()));
        builder.UseSiloMetadata(new Dictionary<string, string>
        {
            [GpuSlots.MetadataKey] = inventory.SlotCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [GpuSlots.FreeMemoryMetadataKey] = GpuSlots.FormatFreeMemory(inventory.FreeMemoryBytes()),
        });
        return builder;
    }
}
