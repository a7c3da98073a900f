namespace ZImageSweep.Grains.Trainers;

/// <summary>Places a grain keyed by a GPU slot (<c>&lt;silo name&gt;/&lt;gpu index&gt;</c>) on the silo that owns the slot.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.GpuSlotPlacementStrategy")]
public sealed class GpuSlotPlacementStrategy : PlacementStrategy;
