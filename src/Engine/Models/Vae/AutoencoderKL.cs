using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>
/// diffusers' <c>AutoencoderKL</c> (the FLUX.1 16-channel VAE Z-Image uses, docs/model.md#vae), with diffusers key
/// names. Compute runs in the dtype the weights were loaded in: fp32 as the official Z-Image code runs it, or bf16
/// as diffusers does when the VAE is loaded that way. Raw outputs (<see cref="Encode"/>, <see cref="Decode"/>)
/// come back in that dtype; <see cref="DecodeLatentsToImage"/> returns fp32.
/// </summary>
public sealed class AutoencoderKL : nn.Module
{
    /// <summary>diffusers' <c>DiagonalGaussianDistribution</c> clamps logvar to this range.</summary>
    public const double LogVarMin = -30, LogVarMax = 20;
    static readonly Scalar HeldLogVarMin = LogVarMin.ToScalar(), HeldLogVarMax = LogVarMax.ToScalar(); // (HeldScalars)

    /// <summary>The diffusers file names inside a <c>vae/</c> folder.</summary>
    public const string ConfigFileName = "config.json", WeightsFileName = "diffusion_pytorch_model.safetensors";

    readonly Encoder encoder;
    readonly Decoder decoder;
    readonly Conv2d? quant_conv;
    readonly Conv2d? post_quant_conv;

    public AutoencoderKLConfig Config { get; }

    public AutoencoderKL(AutoencoderKLConfig config, Device? device = null, ScalarType? dtype = null) : base(nameof(AutoencoderKL))
    {
        config.Validate(nameof(AutoencoderKL));
        Config = config;
        encoder = new Encoder(config, device, dtype);
        decoder = new Decoder(config, device, dtype);
        long moments = 2L * config.LatentChannels;
        if (config.UseQuantConv) quant_conv = nn.Conv2d(moments, moments, 1, device: device, dtype: dtype);
        if (config.UsePostQuantConv)
            post_quant_conv = nn.Conv2d(config.LatentChannels, config.LatentChannels, 1, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>The dtype and device of the weights (and hence of the computation).</summary>
    public ScalarType DType => Weight.dtype;
    public Device Device => Weight.device;
    Tensor Weight => parameters().First();

    /// <summary>
    /// Builds the VAE on <paramref name="device"/> in <paramref name="dtype"/> and loads the weights strictly (every
    /// key present, no extra key, shapes equal); the file's dtype (bf16 for Z-Image) is cast on load. Parameters are
    /// frozen.
    /// </summary>
    /// <exception cref="StateDictMismatchException">the files' keys do not match the configuration.</exception>
    public static AutoencoderKL Load(AutoencoderKLConfig config, IReadOnlyList<string> weightFiles,
        ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        if (!is_floating_point(empty(0, dtype)))
            throw new ArgumentException($"the VAE needs a floating-point dtype, got {dtype}", nameof(dtype));
        var files = new List<SafeTensorsFile>();
        AutoencoderKL? vae = null;
        try
        {
            foreach (string path in weightFiles) files.Add(SafeTensorsFile.Open(path));
            vae = new AutoencoderKL(config, device, dtype);
            StateDictLoader.Load(vae, files);
            foreach (Parameter p in vae.parameters()) p.requires_grad = false;
            vae.eval();
            return vae;
        }
        catch
        {
            vae?.Dispose();
            throw;
        }
        finally
        {
            foreach (SafeTensorsFile file in files) file.Dispose();
        }
    }

    /// <summary>Loads a diffusers <c>vae/</c> folder: <c>config.json</c> and <c>diffusion_pytorch_model.safetensors</c>.</summary>
    public static AutoencoderKL FromDirectory(string vaeDirectory, ScalarType dtype = ScalarType.Float32, Device? device = null) =>
        Load(AutoencoderKLConfig.FromFile(Path.Combine(vaeDirectory, ConfigFileName)),
            [Path.Combine(vaeDirectory, WeightsFileName)], dtype, device);

    /// <summary>The latent distribution of an image in [−1, 1]: (mean, logvar clamped to [−30, 20]).</summary>
    /// <param name="image">(B, in_channels, H, W); H and W multiples of <see cref="AutoencoderKLConfig.DownsampleFactor"/>.</param>
    /// <returns>each (B, latent, H/f, W/f) in the VAE's dtype.</returns>
    public (Tensor Mean, Tensor LogVar) Encode(Tensor image)
    {
        CheckImage(image);
        using var scope = NewDisposeScope();
        Tensor moments = encoder.forward(image.to(DType, Device));         // (B, 2·latent, h, w)
        if (quant_conv is not null) moments = quant_conv.forward(moments); // (B, 2·latent, h, w)
        Tensor[] halves = moments.chunk(2, dim: 1);                        // mean | logvar, each (B, latent, h, w)
        Tensor mean = halves[0].contiguous();
        Tensor logvar = halves[1].clamp(HeldLogVarMin, HeldLogVarMax);
        return (mean.MoveToOuterDisposeScope(), logvar.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// A draw from N(mean, exp(logvar)), as diffusers' <c>latent_dist.sample(generator)</c>: the noise is drawn in
    /// mean's dtype on the generator's device (CPU generators draw on the CPU, then move), so seeds reproduce.
    /// </summary>
    public static Tensor Sample(Tensor mean, Tensor logvar, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        Device noiseDevice = generator?.device ?? mean.device;
        Tensor noise = randn(mean.shape, mean.dtype, noiseDevice, generator: generator).to(mean.device); // (B, latent, h, w)
        Tensor std = logvar.mul(HeldScalars.Half).exp();
        return mean.Plus(std * noise).MoveToOuterDisposeScope();
    }

    /// <summary>VAE latent z → the transformer's latent space: (z − shift)·scale.</summary>
    public Tensor ToLatents(Tensor z)
    {
        using Scalar shift = Config.ShiftFactor.ToScalar(), scale = Config.ScalingFactor.ToScalar(); // held (HeldScalars)
        return WrappedTensorDisposeScope(() => z.sub(shift).mul(scale));
    }

    /// <summary>The transformer's latents → VAE latent z: latents/scale + shift.</summary>
    public Tensor FromLatents(Tensor latents)
    {
        using Scalar scale = Config.ScalingFactor.ToScalar(), shift = Config.ShiftFactor.ToScalar(); // held (HeldScalars)
        return WrappedTensorDisposeScope(() => latents.div(scale).Plus(shift));
    }

    /// <summary>The raw decoder output (about [−1, 1]) of a VAE latent z, without scaling or shift.</summary>
    /// <param name="z">(B, latent, h, w).</param>
    /// <returns>(B, out_channels, h·f, w·f) in the VAE's dtype.</returns>
    public Tensor Decode(Tensor z)
    {
        if (z.dim() != 4 || z.shape[1] != Config.LatentChannels)
            throw new ArgumentException($"expected latents [B, {Config.LatentChannels}, h, w], got {ShapeText.Of(z.shape)}", nameof(z));
        using var scope = NewDisposeScope();
        Tensor x = z.to(DType, Device);
        if (post_quant_conv is not null) x = post_quant_conv.forward(x); // (B, latent, h, w)
        return decoder.forward(x).MoveToOuterDisposeScope();             // (B, Cout, H, W)
    }

    /// <summary>
    /// Z-Image's decode path: latents/scale + shift → decoder → clamp(img/2 + 0.5, 0, 1). The latents are cast to the
    /// VAE's dtype first (as diffusers does); the final mapping runs in fp32.
    /// </summary>
    /// <returns>(B, out_channels, H, W) float32 in [0, 1].</returns>
    public Tensor DecodeLatentsToImage(Tensor latents)
    {
        using var scope = NewDisposeScope();
        Tensor z = FromLatents(latents.to(DType, Device));               // (B, latent, h, w)
        Tensor image = Decode(z).to(ScalarType.Float32);                 // (B, Cout, H, W) in about [−1, 1]
        return image.div(HeldScalars.Two).Plus(HeldScalars.Half).clamp(HeldScalars.Zero, HeldScalars.One).MoveToOuterDisposeScope(); // (B, Cout, H, W) in [0, 1]
    }

    void CheckImage(Tensor image)
    {
        if (image.dim() != 4 || image.shape[1] != Config.InChannels)
            throw new ArgumentException($"expected an image [B, {Config.InChannels}, H, W], got {ShapeText.Of(image.shape)}", nameof(image));
        long h = image.shape[2], w = image.shape[3];
        int f = Config.DownsampleFactor;
        if (h % f != 0 || w % f != 0)
            throw new ArgumentException($"image size {w}×{h} (W×H) is not a multiple of {f} in both dimensions; resize or crop it first", nameof(image));
    }
}
