using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>diffusers' <c>UpDecoderBlock2D</c>: <c>layers_per_block + 1</c> resnets, then an optional 2× upsampler.</summary>
public sealed class UpDecoderBlock2D : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<ResnetBlock2D> resnets;
    /// <summary>Empty in the last block (diffusers: <c>upsamplers = None</c>).</summary>
    readonly ModuleList<Upsample2D> upsamplers;

    public UpDecoderBlock2D(long inChannels, long outChannels, int layers, long groups, bool addUpsample,
        Device? device = null, ScalarType? dtype = null) : base(nameof(UpDecoderBlock2D))
    {
        resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, layers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, groups, device, dtype)).ToArray());
        upsamplers = addUpsample
            ? new ModuleList<Upsample2D>(new Upsample2D(outChannels, device, dtype))
            : new ModuleList<Upsample2D>();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, Cin, H, W)
    {
        using var scope = NewDisposeScope();
        Tensor h = x;
        foreach (ResnetBlock2D resnet in resnets) h = resnet.forward(h); // (B, Cout, H, W)
        foreach (Upsample2D up in upsamplers) h = up.forward(h);         // (B, Cout, 2H, 2W)
        return h.MoveToOuterDisposeScope();
    }
}
