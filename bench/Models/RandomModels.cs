using TorchSharp;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Models;

/// <summary>
/// Models with random weights, built directly on the run device in the run dtype, frozen and in eval mode.
/// <para>
/// Why this is cheap: every engine module passes <c>device</c> and <c>dtype</c> down to its parameters, and
/// TorchSharp 0.107's <c>nn.Linear</c> / <c>nn.Conv2d</c> allocate with <c>torch.empty(shape, dtype, device)</c> and
/// initialise in place (<c>kaiming_uniform_</c>, <c>uniform_</c>). On CUDA in bf16 each parameter is therefore
/// allocated once, in bf16, on the GPU, and filled by a GPU kernel: no fp32 copy, no host RAM, no CPU init
/// (the "meta" tests in Bench.Tests check this by building the full models on the meta device).
/// </para>
/// </summary>
public static class RandomModels
{
    /// <summary>Std of the token embedding fill (the engine allocates the table zeroed; a zero table would make every layer see zeros).</summary>
    public const double EmbeddingStd = 0.02;

    /// <param name="blockDevice">host memory for a base loaded via host (Offloading/TransformerHostLoad); null: all on <paramref name="device"/>.</param>
    public static ZImageTransformer2DModel Transformer(ZImageConfig config, Device device, ScalarType dtype, Device? blockDevice = null) =>
        Frozen(new ZImageTransformer2DModel(config, device, dtype, blockDevice));

    /// <summary>Qwen3 built to <c>hidden_states[-2]</c> only (35 of 36 layers for Qwen3-4B), as the pipeline loads it.</summary>
    /// <param name="layerDevice">where the decoder layers wait, for an encoder loaded via host (Pipelines/LoadedTextEncoder).</param>
    public static Qwen3ForTextEncoding TextEncoder(Qwen3Config config, Device device, ScalarType dtype, Device? layerDevice = null)
    {
        var encoder = new Qwen3ForTextEncoding(config, Qwen3Depth.HiddenStatesMinus2, device, dtype, layerDevice);
        using (no_grad()) encoder.model.embed_tokens.weight.normal_(0, EmbeddingStd);
        return Frozen(encoder);
    }

    public static AutoencoderKL Vae(AutoencoderKLConfig config, Device device, ScalarType dtype)
    {
        var vae = new AutoencoderKL(config, device, dtype);
        InitialiseGroupNorms(vae);
        return Frozen(vae);
    }

    /// <summary>
    /// TorchSharp 0.107's <c>nn.GroupNorm</c> allocates its affine weight and bias with <c>torch.empty</c> and never
    /// fills them (values up to 1e15 were seen on the CPU); checkpoints overwrite them, random models must not keep
    /// them. PyTorch's initialisation: weight 1, bias 0.
    /// </summary>
    public static void InitialiseGroupNorms(nn.Module model)
    {
        using var _ = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            if (module is not TorchSharp.Modules.GroupNorm norm) continue;
            norm.weight?.fill_(HeldScalars.One);
            norm.bias?.zero_();
        }
    }

    /// <summary>Copies every parameter and buffer of <paramref name="source"/> into <paramref name="target"/>, casting to the target's dtype.</summary>
    /// <exception cref="InvalidOperationException">the two modules do not have the same keys and shapes.</exception>
    public static void CopyWeights(nn.Module source, nn.Module target)
    {
        var from = source.state_dict();
        var to = target.state_dict();
        if (!from.Keys.Order().SequenceEqual(to.Keys.Order()))
            throw new InvalidOperationException($"state dicts differ: {from.Count} keys in the source, {to.Count} in the target");
        using var _ = no_grad();
        foreach (var (key, destination) in to)
        {
            Tensor value = from[key];
            if (!value.shape.SequenceEqual(destination.shape))
                throw new InvalidOperationException($"{key}: source shape [{string.Join(", ", value.shape)}] differs from target [{string.Join(", ", destination.shape)}]");
            destination.copy_(value);
        }
    }

    /// <summary>Number of parameter elements (for the report).</summary>
    public static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    static T Frozen<T>(T module) where T : nn.Module
    {
        foreach (var p in module.parameters()) p.requires_grad = false;
        module.eval();
        return module;
    }
}
