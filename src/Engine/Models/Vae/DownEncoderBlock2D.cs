using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>diffusers' <c>DownEncoderBlock2D</c>: <c>layers_per_block</c> resnets, then an optional 2× downsampler.</summary>
public sealed class DownEncoderBlock2D : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<ResnetBlock2D> resnets;
    /// <summary>Empty in the last block (diffusers: <c>downsamplers = None</c>).</summary>
    readonly ModuleList<Downsample2D> downsamplers;

    public DownEncoderBlock2D(long inChannels, long outChannels, int layers, long groups, bool addDownsample,
        Device? device = null, ScalarType? dtype = null) : base(nameof(DownEncoderBlock2D))
    {
        resnets = new ModuleList<ResnetBlock2D>(Enumerable.Range(0, layers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, groups, device, dtype)).ToArray());
        downsamplers = addDownsample
            ? new ModuleList<Downsample2D>(new Downsample2D(outChannels, device, dtype))
            : new ModuleList<Downsample2D>();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, Cin, H, W)
    {
        using var scope = NewDisposeScope();
        Tensor h = x;
        foreach (ResnetBlock2D resnet in resnets) h = resnet.forward(h);         // (B, Cout, H, W)
        foreach (Downsample2D down in downsamplers) h = down.forward(h);         // (B, Cout, H/2, W/2)
        return h.MoveToOuterDisposeScope();
    }
}
