using Microsoft.Extensions.Options;
using ZImageSweep.Grains.Interfaces.Trainers;
using ZImageSweep.Grains.Workers;

namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>Each slot's free memory as a silo publishes it in its metadata and the scheduler reads it back.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class GpuSlotFreeMemoryTests
{
    [Fact]
    public void FreeMemory_RoundTripsInMiB_PerSlot_WithUnknownSlotsEmpty()
    {
        string value = GpuSlots.FormatFreeMemory([80L << 30, null, (24L << 30) + 12345]);

        Assert.Equal("81920,,24576", value);
        Assert.Equal(80L << 30, GpuSlots.ParseFreeMemory(value, 0));
        Assert.Null(GpuSlots.ParseFreeMemory(value, 1));
        Assert.Equal(24L << 30, GpuSlots.ParseFreeMemory(value, 2));
    }

    [Theory]
    [InlineData(null, 0)]          // a silo started before the key existed
    [InlineData("81920", 1)]       // fewer entries than slots
    [InlineData("-5,lots", 0)]
    [InlineData("-5,lots", 1)]
    public void MissingOrUnreadableEntries_AreUnknown(string? value, int slot) =>
        Assert.Null(GpuSlots.ParseFreeMemory(value, slot));

    [Fact]
    public void CpuSlots_HaveUnknownMemory()
    {
        var inventory = new GpuInventory(Options.Create(new GpuInventoryOptions { Mode = GpuMode.Cpu, CpuSlots = 2 }));

        Assert.Equal([null, null], inventory.FreeMemoryBytes());
        Assert.Equal(",", GpuSlots.FormatFreeMemory(inventory.FreeMemoryBytes()));
    }
}
