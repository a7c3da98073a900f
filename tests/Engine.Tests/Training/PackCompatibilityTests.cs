using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Packing;

namespace ZImageSweep.Engine.Tests.Training;

/// <summary>What arms of one pack must share, checked before an arm joins (no model needed).</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class PackCompatibilityTests
{
    static TrainerOptions Arm(string name, double? offload) =>
        new() { Name = name, OutputFolder = "/unused", Datasets = [], TransformerOffloadShare = offload };

    [Fact]
    public void SameLayerOffloading_Packs() => PackCompatibility.Check(Arm("first", 0.5), Arm("second", 0.5));

    [Theory]
    [InlineData(1.0, 0.5, "0.5 differs from the pack's 1")]
    [InlineData(null, 1.0, "1 differs from the pack's off (layer_offloading false)")]
    [InlineData(1.0, null, "off (layer_offloading false) differs from the pack's 1")]
    public void AnotherLayerOffloading_IsRefusedNamingTheKey(double? pack, double? arm, string reason)
    {
        var e = Assert.Throws<PackCompatibilityException>(() => PackCompatibility.Check(Arm("first", pack), Arm("second", arm)));

        Assert.Equal($"arm 'second' cannot join the pack: model.layer_offloading_transformer_percent: {reason}", e.Message);
    }
}
