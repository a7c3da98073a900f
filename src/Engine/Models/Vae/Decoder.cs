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
        h = ConvOut(silu(conv_norm_out.forward(h)));                    // (B, Cout, h·f, w·f)
        return h.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// conv_out in the weights' dtype, except a reduced-precision (bf16/fp16) one on the CPU: that runs the same
    /// convolution in fp32 on the (already rounded) bf16 values and rounds the result back — the fp32 accumulation a
    /// correct bf16 kernel does. libtorch 2.10's oneDNN AVX-512 bf16 kernel returns wrong sums for a 3×3 convolution
    /// with fewer than 16 output channels (this 3-channel RGB conv): relative error 0.17–0.36 against fp32
    /// accumulation of the same bf16 operands on an AMD EPYC with avx512_bf16 (also with ONEDNN_MAX_CPU_ISA=
    /// AVX512_CORE; 1.7e-3, bf16 rounding, under AVX2 or with 16+ output channels). Every other VAE convolution has
    /// 16+ output channels or is 1×1. fp32 weights take the plain path, so fp32 results are unchanged.
    /// </summary>
    Tensor ConvOut(Tensor x) // (B, C0, H, W)
    {
        if (x.dtype == ScalarType.Float32 || x.device.type != TorchSharp.DeviceType.CPU) return conv_out.forward(x);
        using var scope = NewDisposeScope();
        Tensor y = conv2d(x.to(ScalarType.Float32), conv_out.weight!.to(ScalarType.Float32),
            conv_out.bias?.to(ScalarType.Float32), padding: [1, 1]); // (B, Cout, H, W) fp32
        return y.to(x.dtype).MoveToOuterDisposeScope();
    }
}
