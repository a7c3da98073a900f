using TorchSharp;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Runtime;

/// <summary>
/// A module built off the CPU must really reach the CPU when moved there. A CPU machine has one data device, so the
/// meta device stands in for the GPU. TorchSharp's own <c>to(CPU)</c> believes such a container (any module without
/// its own move, as every engine block) is on the CPU already and skips it with all its layers, while <see cref="ModuleMoves.MoveTo{T}"/> attempts the copy, which libtorch refuses for meta tensors
/// (they hold no data) — proof the move was made, where on a GPU it succeeds.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ModuleMovesTests
{
    [Fact]
    public void TorchSharpsOwnMove_SkipsAModuleBuiltOffTheCpu()
    {
        using var block = Block(META);

        block.to(CPU);

        Assert.Equal(DeviceType.META, block.parameters().First().device_type);
    }

    [Fact]
    public void MoveTo_CopiesAModuleBuiltOffTheCpu()
    {
        using var block = Block(META);

        Exception refused = Assert.ThrowsAny<Exception>(() => block.MoveTo(CPU));

        Assert.Contains("meta", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void MoveTo_MovesACpuModuleOffTheCpu()
    {
        using var block = Block(CPU);

        block.MoveTo(META);

        Assert.All(block.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
    }

    static nn.Module Block(Device device) => new TwoLayers(device);

    /// <summary>A container as the engine writes them: an nn.Module with layer fields (TorchSharp's Sequential moves itself).</summary>
    sealed class TwoLayers : nn.Module
    {
#pragma warning disable IDE0052 // registered as components: read through parameters()
        readonly TorchSharp.Modules.Linear proj;
        readonly TorchSharp.Modules.Linear output;
#pragma warning restore IDE0052

        public TwoLayers(Device device) : base(nameof(TwoLayers))
        {
            proj = nn.Linear(4, 3, device: device);
            output = nn.Linear(3, 2, device: device);
            RegisterComponents();
        }
    }
}
