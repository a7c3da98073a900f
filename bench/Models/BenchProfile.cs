using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Models.ZImage;

namespace ZImageSweep.Bench.Models;

/// <summary>
/// What one <c>--size</c> measures: the three model configurations and the workload sizes. <see cref="Full"/> is the
/// real Z-Image-Turbo pipeline (6.15 B DiT, Qwen3-4B, FLUX VAE) at the resolutions of issue 7; <see cref="Tiny"/>
/// keeps the same rows and code paths with models of a few hundred thousand parameters and 1/8 of the image side,
/// so the whole harness runs on a CPU in seconds (tests).
/// </summary>
public sealed record BenchProfile(
    string Name,
    ZImageConfig Transformer,
    Qwen3Config TextEncoder,
    AutoencoderKLConfig Vae,
    IReadOnlyList<int> ForwardSizes,
    int VaeSize,
    int SampleSize,
    int SampleSteps,
    int CaptionTokens,
    int DefaultIterations,
    int DefaultWarmup)
{
    /// <summary>Z-Image-Turbo at 1024², 768², 512²; 64 caption tokens; 8 Turbo steps.</summary>
    public static BenchProfile Full { get; } = new(
        Name: "full",
        Transformer: ZImageConfig.Turbo,
        TextEncoder: Qwen3Config.Qwen3_4B,
        Vae: AutoencoderKLConfig.Flux,
        ForwardSizes: [1024, 768, 512],
        VaeSize: 1024,
        SampleSize: 1024,
        SampleSteps: 8,
        CaptionTokens: 64,
        // ≥ 10 timed forwards after warm-up (issue 7); 20 keeps the whole GPU suite near two minutes.
        DefaultIterations: 20,
        DefaultWarmup: 3);

    /// <summary>Same rows, tiny models, image sides divided by 8 (128², 96², 64²; VAE 64²).</summary>
    public static BenchProfile Tiny { get; } = new(
        Name: "tiny",
        Transformer: new ZImageConfig
        {
            Dim = 64, NLayers = 2, NRefinerLayers = 1, NHeads = 2, NKvHeads = 2, CapFeatDim = 64, AxesDims = [8, 12, 12],
        },
        TextEncoder: new Qwen3Config(
            HiddenSize: 64, IntermediateSize: 128, NumHiddenLayers: 3, NumAttentionHeads: 4, NumKeyValueHeads: 2,
            HeadDim: 16, VocabSize: 1024, RmsNormEps: 1e-6, RopeTheta: 1_000_000, MaxPositionEmbeddings: 4096,
            TieWordEmbeddings: true),
        Vae: AutoencoderKLConfig.Flux with { BlockOutChannels = [8, 16, 16, 16], NormNumGroups = 8, LayersPerBlock = 1 },
        ForwardSizes: [128, 96, 64],
        VaeSize: 64, // bf16 convolutions are slow on CPUs without bf16 units
        SampleSize: 128,
        SampleSteps: 8,
        CaptionTokens: 64,
        DefaultIterations: 3,
        DefaultWarmup: 1);

    /// <summary>
    /// The tiny widths at the full model's depth (30 main and 2 + 2 refiner blocks, so every adapted Linear and every
    /// hook of the real model): on a CPU a step's compute is then negligible and its time is the engine's host
    /// overhead — what bounds a launch-bound GPU step (a 512² LoRA step, a packed one) — measurable without a GPU.
    /// </summary>
    public static BenchProfile Host { get; } = Tiny with
    {
        Name = "host",
        Transformer = Tiny.Transformer with { NLayers = ZImageConfig.Turbo.NLayers, NRefinerLayers = ZImageConfig.Turbo.NRefinerLayers },
    };

    /// <summary>
    /// The bf16-vs-fp32 agreement configuration, the same at every size: width 256 with two 128-wide heads (the real
    /// head size and RoPE split, so bf16 takes the same SDPA kernels as the full model), 2 main and 2+2 refiner layers.
    /// </summary>
    public static ZImageConfig Agreement { get; } = new()
    {
        Dim = 256, NLayers = 2, NRefinerLayers = 2, NHeads = 2, NKvHeads = 2, CapFeatDim = 256,
    };

    /// <summary>Image side of the agreement check (256² pixels: 256 image tokens + 64 caption tokens).</summary>
    public const int AgreementSize = 256;

    /// <summary>Relative L2 error of bf16 against fp32 that the agreement row accepts (issue 3).</summary>
    public const double AgreementTolerance = 2e-2;

    static readonly BenchProfile[] All = [Full, Tiny, Host];

    /// <summary>The <c>--size</c> values.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    public static BenchProfile For(string name) =>
        All.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"unknown size '{name}': use {string.Join(", ", Names)}", nameof(name));
}
