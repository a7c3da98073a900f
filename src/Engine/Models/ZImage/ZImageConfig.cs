using ZImageSweep.Engine.ModelConfigFiles;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// Constructor arguments of <see cref="ZImageTransformer2DModel"/>, named and defaulted like the official
/// <c>ZImageTransformer2DModel.__init__</c> (docs/model.md#transformer-configuration). Only the patch pair (2, 1) of the released checkpoints is
/// supported. Read one with <see cref="ZImageConfigReader"/>; <see cref="Validate"/> runs on construction of a model.
/// </summary>
public sealed record ZImageConfig
{
    /// <summary>Width of the timestep embedding that feeds the modulation Linears: <c>min(dim, 256)</c>.</summary>
    public const int AdaLnEmbedMax = 256;
    /// <summary>Image and caption sequences are each padded to a multiple of this.</summary>
    public const int SeqMultipleOf = 32;

    public int Dim { get; init; } = 3840;
    public int NLayers { get; init; } = 30;
    public int NRefinerLayers { get; init; } = 2;
    public int NHeads { get; init; } = 30;
    public int NKvHeads { get; init; } = 30;
    public int CapFeatDim { get; init; } = 2560;
    public IReadOnlyList<int> AxesDims { get; init; } = [32, 48, 48];
    public IReadOnlyList<int> AxesLens { get; init; } = [1536, 512, 512];
    public int InChannels { get; init; } = 16;
    public int PatchSize { get; init; } = 2;
    public int FPatchSize { get; init; } = 1;
    public double NormEps { get; init; } = 1e-5;
    public bool QkNorm { get; init; } = true;
    public double RopeTheta { get; init; } = 256.0;
    public double TScale { get; init; } = 1000.0;

    /// <summary>Z-Image-Turbo and Z-Image (base): the released 6.15 B configuration.</summary>
    public static ZImageConfig Turbo { get; } = new();

    /// <summary>A few-thousand-parameter model for fast CPU tests (the diffusers model-test configuration).</summary>
    public static ZImageConfig Tiny { get; } = new()
    {
        Dim = 16, NLayers = 1, NRefinerLayers = 1, NHeads = 1, NKvHeads = 1, CapFeatDim = 16,
        AxesDims = [8, 4, 4], AxesLens = [256, 32, 32],
    };

    public int HeadDim => Dim / NHeads;
    /// <summary>SwiGLU hidden width <c>int(dim / 3 * 8)</c>, computed in floating point like the reference (64 → 170).</summary>
    public int FfnHiddenDim => (int)(Dim / 3.0 * 8.0);
    public int AdaLnEmbedDim => Math.Min(Dim, AdaLnEmbedMax);
    /// <summary>Features per image token: pf · ph · pw · C = 64.</summary>
    public int PatchFeatures => FPatchSize * PatchSize * PatchSize * InChannels;
    /// <summary>The ModuleDict key of the embedder and final layer for this patch pair: "2-1".</summary>
    public string PatchKey => $"{PatchSize}-{FPatchSize}";

    /// <exception cref="ModelConfigException">a value is out of range or the dimensions disagree.</exception>
    public ZImageConfig Validate(string source = "ZImageConfig")
    {
        void Positive(string key, double value)
        {
            if (!(value > 0)) throw new ModelConfigException(source, key, $"must be positive (got {value})");
        }
        Positive("dim", Dim);
        Positive("n_layers", NLayers + 1); // zero layers is legal
        Positive("n_refiner_layers", NRefinerLayers + 1);
        Positive("n_heads", NHeads);
        Positive("cap_feat_dim", CapFeatDim);
        Positive("norm_eps", NormEps);
        Positive("rope_theta", RopeTheta);
        Positive("t_scale", TScale);
        if (Dim % NHeads != 0) throw new ModelConfigException(source, "dim", $"{Dim} is not divisible by n_heads {NHeads}");
        if (NKvHeads != NHeads)
            throw new ModelConfigException(source, "n_kv_heads", $"{NKvHeads} must equal n_heads {NHeads} (Z-Image attention has no GQA)");
        if (AxesDims.Count != 3 || AxesLens.Count != 3)
            throw new ModelConfigException(source, "axes_dims", $"must have 3 entries, as must axes_lens (got {AxesDims.Count} and {AxesLens.Count})");
        if (AxesDims.Any(d => d <= 0 || d % 2 != 0))
            throw new ModelConfigException(source, "axes_dims", $"[{string.Join(", ", AxesDims)}] must be positive and even (RoPE rotates pairs)");
        if (AxesLens.Any(l => l <= 0))
            throw new ModelConfigException(source, "axes_lens", $"[{string.Join(", ", AxesLens)}] must be positive");
        if (AxesDims.Sum() != HeadDim)
            throw new ModelConfigException(source, "axes_dims", $"sum {AxesDims.Sum()} must equal head_dim = dim / n_heads = {HeadDim}");
        if (PatchSize != 2 || FPatchSize != 1)
            throw new ModelConfigException(source, "all_patch_size", $"only patch 2 / f_patch 1 is supported (got {PatchSize} / {FPatchSize})");
        if (InChannels != 16) throw new ModelConfigException(source, "in_channels", $"must be 16 (got {InChannels})");
        return this;
    }

    /// <summary>Value equality including the axis lists (a record alone would compare them by reference).</summary>
    public bool Equals(ZImageConfig? other) =>
        other is not null && Dim == other.Dim && NLayers == other.NLayers && NRefinerLayers == other.NRefinerLayers
        && NHeads == other.NHeads && NKvHeads == other.NKvHeads && CapFeatDim == other.CapFeatDim
        && AxesDims.SequenceEqual(other.AxesDims) && AxesLens.SequenceEqual(other.AxesLens) && InChannels == other.InChannels
        && PatchSize == other.PatchSize && FPatchSize == other.FPatchSize && NormEps == other.NormEps && QkNorm == other.QkNorm
        && RopeTheta == other.RopeTheta && TScale == other.TScale;

    public override int GetHashCode() => HashCode.Combine(Dim, NLayers, NRefinerLayers, NHeads, CapFeatDim, AxesDims.Sum(), AxesLens.Sum());

    public override string ToString() =>
        $"ZImageConfig(dim {Dim}, layers {NLayers}+{NRefinerLayers}, heads {NHeads}, cap {CapFeatDim}, axes [{string.Join(",", AxesDims)}]/[{string.Join(",", AxesLens)}])";

    /// <summary>Reads a diffusers <c>transformer/config.json</c> or the reference files' <c>config</c> metadata.</summary>
    public static ZImageConfig FromJson(string json, string source) => ZImageConfigReader.Read(json, source);

    public static ZImageConfig FromFile(string path) => ZImageConfigReader.Read(File.ReadAllText(path), path);
}
