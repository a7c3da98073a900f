using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>
/// diffusers' VAE <c>Decoder</c>: conv_in → mid block → up blocks over the reversed widths (2× upsampling in all
/// but the last, <c>layers_per_block + 1</c> resnets each) → GroupNorm → SiLU → conv_out.
/// </summary>
public sealed class Decoder : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv_in;
    readonly UNetMidBlock2D mid_block;
    readonly ModuleList<UpDecoderBlock2D> up_blocks;
    readonly GroupNorm conv_norm_out;
    readonly Conv2d conv_out;

    public Decoder(AutoencoderKLConfig config, Device? device = null, ScalarType? dtype = null) : base(nameof(Decoder))
    {
        int[] reversed = config.BlockOutChannels.Reverse().ToArray();
        int groups = config.NormNumGroups, last = reversed.Length - 1;
        conv_in = nn.Conv2d(config.LatentChannels, reversed[0], 3, stride: 1, padding: 1, device: device, dtype: dtype);
        mid_block = new UNetMidBlock2D(reversed[0], groups, config.MidBlockAddAttention, device, dtype);
        up_blocks = new ModuleList<UpDecoderBlock2D>(Enumerable.Range(0, reversed.Length)
            .Select(i => new UpDecoderBlock2D(reversed[Math.Max(i - 1, 0)], reversed[i], config.LayersPerBlock + 1, groups,
                addUpsample: i < last, device, dtype)).ToArray());
        conv_norm_out = nn.GroupNorm(groups, reversed[last], ResnetBlock2D.Eps, affine: true, device: device, dtype: dtype);
        conv_out = nn.Conv2d(reversed[last], config.OutChannels, 3, stride: 1, padding: 1, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor z) // (B, latent, h, w)
    {
        using var scope = NewDisposeScope();
        Tensor h = conv_in.forward(z);                                  // (B, Clast, h, w)
        h = mid_block.forward(h);                                       // (B, Clast, h, w)
        foreach (UpDecoderBlock2D block in up_blocks) h = block.forward(h); // (B, C0, h·f, w·f)
        h = conv_out.forward(silu(conv_norm_out.forward(h)));           // (B, Cout, h·f, w·f)
        return h.MoveToOuterDisposeScope();
    }
}
