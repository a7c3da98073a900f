using Orleans.Placement;

namespace ZImageSweep.Grains.Trainers;

/// <summary>Marks a grain class keyed by GPU slot; see <see cref="GpuSlotPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GpuSlotPlacementAttribute() : PlacementAttribute(new GpuSlotPlacementStrategy());
