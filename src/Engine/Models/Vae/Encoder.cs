using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>
/// diffusers' VAE <c>Encoder</c> (double_z): conv_in → down blocks (2× downsampling in all but the last) → mid
/// block → GroupNorm → SiLU → conv_out to 2·latent channels (mean | logvar).
/// </summary>
public sealed class Encoder : nn.Module<Tensor, Tensor>
{
    readonly Conv2d conv_in;
    readonly ModuleList<DownEncoderBlock2D> down_blocks;
    readonly UNetMidBlock2D mid_block;
    readonly GroupNorm conv_norm_out;
    readonly Conv2d conv_out;

    public Encoder(AutoencoderKLConfig config, Device? device = null, ScalarType? dtype = null) : base(nameof(Encoder))
    {
        IReadOnlyList<int> channels = config.BlockOutChannels;
        int groups = config.NormNumGroups, last = channels.Count - 1;
        conv_in = nn.Conv2d(config.InChannels, channels[0], 3, stride: 1, padding: 1, device: device, dtype: dtype);
        down_blocks = new ModuleList<DownEncoderBlock2D>(Enumerable.Range(0, channels.Count)
            .Select(i => new DownEncoderBlock2D(channels[Math.Max(i - 1, 0)], channels[i], config.LayersPerBlock, groups,
                addDownsample: i < last, device, dtype)).ToArray());
        mid_block = new UNetMidBlock2D(channels[last], groups, config.MidBlockAddAttention, device, dtype);
        conv_norm_out = nn.GroupNorm(groups, channels[last], ResnetBlock2D.Eps, affine: true, device: device, dtype: dtype);
        conv_out = nn.Conv2d(channels[last], 2 * config.LatentChannels, 3, stride: 1, padding: 1, device: device, dtype: dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) // (B, Cin, H, W)
    {
        using var scope = NewDisposeScope();
        Tensor h = conv_in.forward(x);                                // (B, C0, H, W)
        foreach (DownEncoderBlock2D block in down_blocks) h = block.forward(h); // (B, Clast, H/f, W/f)
        h = mid_block.forward(h);                                     // (B, Clast, H/f, W/f)
        h = conv_out.forward(silu(conv_norm_out.forward(h)));         // (B, 2·latent, H/f, W/f)
        return h.MoveToOuterDisposeScope();
    }
}
