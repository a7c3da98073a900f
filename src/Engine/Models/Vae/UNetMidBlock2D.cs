using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>diffusers' <c>UNetMidBlock2D</c> as the VAE uses it: resnet, attention (optional), resnet, all at one width.</summary>
public sealed class UNetMidBlock2D : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<ResnetBlock2D> resnets;
    /// <summary>Empty when <c>mid_block_add_attention</c> is false (diffusers then has no attention keys).</summary>
    readonly ModuleList<VaeAttention> attentions;

    public UNetMidBlock2D(long channels, long groups, bool addAttention, Device? device = null, ScalarType? dtype = null)
        : base(nameof(UNetMidBlock2D))
    {
        resnets = new ModuleList<ResnetBlock2D>(
            new ResnetBlock2D(channels, channels, groups, device, dtype),
            new ResnetBlock2D(channels, channels, groups, device, dtype));
        attentions = addAttention
            ? new ModuleList<VaeAttention>(new VaeAttention(channels, groups, device, dtype))
            : new ModuleList<VaeAttention>();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, C, H, W)
    {
        using var scope = NewDisposeScope();
        Tensor h = resnets[0].forward(x);                       // (B, C, H, W)
        if (attentions.Count > 0) h = attentions[0].forward(h); // (B, C, H, W)
        h = resnets[1].forward(h);                              // (B, C, H, W)
        return h.MoveToOuterDisposeScope();
    }
}
