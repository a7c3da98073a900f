using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.ModelConfigFiles;
using ZImageSweep.Engine.Offloading;
using ZImageSweep.Engine.Models.Common;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.ZImage;

/// <summary>
/// The Z-Image single-stream DiT (docs/model.md), module tree and field names equal to the reference so the field
/// paths are the state-dict keys (<c>layers.3.attention.to_q.weight</c>, <c>all_x_embedder.2-1.weight</c>, ...).
/// Compute dtype is the weights' dtype (float32 or bf16); the timestep sinusoid, RoPE and the RMSNorm statistics
/// are float32 in either case.
/// </summary>
public sealed class ZImageTransformer2DModel : nn.Module, IOffloadableModel
{
    /// <summary>RMSNorm computes its statistics in float32 (the diffusers form; the official code uses the input dtype).</summary>
    public const bool NormsInFloat32 = true;

    readonly TimestepEmbedder t_embedder;
    readonly ModuleDict<Linear> all_x_embedder;
    readonly Parameter x_pad_token;
    readonly ModuleList<ZImageTransformerBlock> noise_refiner;
    readonly Sequential cap_embedder;
    readonly Parameter cap_pad_token;
    readonly ModuleList<ZImageTransformerBlock> context_refiner;
    readonly ModuleList<ZImageTransformerBlock> layers;
    readonly ModuleDict<FinalLayer> all_final_layer;
    readonly RopeEmbedder _rope; // not a Module or Tensor field, so its tables stay out of the state dict

    public ZImageConfig Config { get; }

    /// <summary>Recompute each block during backward instead of keeping its activations (training at large sizes).</summary>
    public bool GradientCheckpointing { get; set; }
    /// <summary>Set by TransformerOffloading: the blocks whose frozen weights live in host memory between their calls.</summary>
    public LayerOffloading? Offloading { get; set; }
    /// <summary>Noise refiner, context refiner, main layers: the stacks in the order <see cref="forward"/> runs them.</summary>
    public IReadOnlyList<IReadOnlyList<ZImageTransformerBlock>> BlockStacks => [[.. noise_refiner], [.. context_refiner], [.. layers]];
    IReadOnlyList<IReadOnlyList<nn.Module>> IOffloadableModel.OffloadableStacks => BlockStacks;
    public int BlockCount => noise_refiner.Count + context_refiner.Count + layers.Count;
    public ScalarType DType => x_pad_token.dtype;
    public Device Device => x_pad_token.device;

    /// <param name="blockDevice">where the blocks wait when not on <paramref name="device"/>: host memory for a base
    /// prepared block by block (Offloading/TransformerHostLoad), the small non-block parts on the device. Each block is
    /// still initialised on <paramref name="device"/> and moved right after, so one block at a time is there: libtorch
    /// draws the initial weights on the CPU in one thread (75 M bf16 elements/s measured on the 2-core dev host, about
    /// 80 s for the 6.15 B model), on a GPU at a negligible cost.</param>
    public ZImageTransformer2DModel(ZImageConfig config, Device? device = null, ScalarType? dtype = null, Device? blockDevice = null)
        : base(nameof(ZImageTransformer2DModel))
    {
        Config = config.Validate();
        // One allocation for every parameter helps only when they all live on the device.
        if (blockDevice is null) ContiguousParameterAllocation.Prepare(device, () =>
        {
            using var meta = new ZImageTransformer2DModel(config, new Device(DeviceType.META), dtype);
            return ContiguousParameterAllocation.ParameterBytes(meta);
        });
        int dim = config.Dim;
        t_embedder = new TimestepEmbedder(config.AdaLnEmbedDim, device, dtype);
        all_x_embedder = nn.ModuleDict((config.PatchKey, nn.Linear(config.PatchFeatures, dim, hasBias: true, device: device, dtype: dtype)));
        // Zero-initialised as in current diffusers (the official code leaves them uninitialised); checkpoints overwrite them.
        x_pad_token = new Parameter(zeros(1, dim, dtype: dtype, device: device));
        noise_refiner = Blocks(config, config.NRefinerLayers, modulation: true, device, dtype, blockDevice);
        cap_embedder = nn.Sequential(
            ("0", new RMSNorm(config.CapFeatDim, config.NormEps, NormsInFloat32, device, dtype)),
            ("1", nn.Linear(config.CapFeatDim, dim, hasBias: true, device: device, dtype: dtype)));
        cap_pad_token = new Parameter(zeros(1, dim, dtype: dtype, device: device));
        context_refiner = Blocks(config, config.NRefinerLayers, modulation: false, device, dtype, blockDevice);
        layers = Blocks(config, config.NLayers, modulation: true, device, dtype, blockDevice);
        all_final_layer = nn.ModuleDict((config.PatchKey, new FinalLayer(dim, config.PatchFeatures, config.AdaLnEmbedDim, device, dtype)));
        _rope = new RopeEmbedder(config.RopeTheta, config.AxesDims, config.AxesLens);
        RegisterComponents();
    }

    static ModuleList<ZImageTransformerBlock> Blocks(ZImageConfig config, int count, bool modulation, Device? device, ScalarType? dtype, Device? blockDevice) =>
        nn.ModuleList(Enumerable.Range(0, count).Select(_ =>
        {
            var block = new ZImageTransformerBlock(config, modulation, device, dtype);
            if (blockDevice is not null) block.MoveTo(blockDevice);
            return block;
        }).ToArray());

    /// <summary>
    /// Builds the model on <paramref name="device"/> in <paramref name="dtype"/> and loads it strictly from
    /// <paramref name="files"/> (all keys present, none unexpected, shapes equal; F32 and BF16 sources are cast).
    /// Without <paramref name="config"/> the first file's <c>config</c> metadata is used (the reference files).
    /// </summary>
    public static ZImageTransformer2DModel Load(IReadOnlyList<string> files, ZImageConfig? config = null, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        if (files.Count == 0) throw new ArgumentException("no weight files given", nameof(files));
        var opened = files.Select(SafeTensorsFile.Open).ToList();
        try
        {
            config ??= opened[0].Metadata.TryGetValue("config", out string? json)
                ? ZImageConfig.FromJson(json, $"{files[0]} (config metadata)")
                : throw new ModelConfigException(files[0], "config", "metadata is missing: pass a ZImageConfig");
            var model = new ZImageTransformer2DModel(config, device, dtype);
            StateDictLoader.Load(model, opened);
            model.eval();
            return model;
        }
        finally
        {
            foreach (var file in opened) file.Dispose();
        }
    }

    /// <summary>
    /// Denoiser prediction for a batch of items of any size (official <c>forward</c>, docs/model.md#transformer-forward-pass).
    /// </summary>
    /// <param name="x">latents, each [C=16, F=1, H, W] with H and W even.</param>
    /// <param name="t">model time per item, [B]; 0 = noise, 1 = clean.</param>
    /// <param name="capFeats">caption features of the valid tokens, each [L_i, cap_feat_dim].</param>
    /// <returns>one [C, F, H, W] prediction per item, in the model dtype.</returns>
    public List<Tensor> forward(IReadOnlyList<Tensor> x, Tensor t, IReadOnlyList<Tensor> capFeats)
    {
        ZImageInputs.Validate(Config, x, t, capFeats);
        using var scope = NewDisposeScope();
        int batch = x.Count, padTo = ZImageConfig.SeqMultipleOf;

        using Scalar tScale = Config.TScale.ToScalar(); // held (HeldScalars)
        Tensor adaln = t_embedder.forward(t.to(Device).mul(tScale)); // (B, adaln_dim)

        // Per item: caption rows and image tokens padded to multiples of 32, and their position ids.
        var caps = capFeats.Select(c => ZImagePatches.PadToMultiple(c.to(DType, Device), padTo)).ToList();
        var sizes = x.Select(img => (F: img.shape[1], H: img.shape[2], W: img.shape[3])).ToList();
        var images = x.Select(img => ZImagePatches.PadToMultiple(
            ZImagePatches.Patchify(img.to(DType, Device), Config.PatchSize, Config.FPatchSize), padTo)).ToList();
        var capIds = caps.Select(c => ZImagePatches.CaptionPositionIds(c.Padded.shape[0], Device)).ToList();
        var imageIds = Enumerable.Range(0, batch).Select(i => ZImagePatches.ImagePositionIds(
            TokenGrid(sizes[i]), images[i].Padded.shape[0], caps[i].Padded.shape[0], Device)).ToList();

        // Image stream: embed, learned pad token on the padding rows, noise refiner (modulated).
        Tensor xEmbedded = all_x_embedder[Config.PatchKey].forward(cat(images.Select(p => p.Padded).ToArray(), 0)); // (ΣN, dim)
        adaln = adaln.to(xEmbedded.dtype);
        PaddedBatch xs = Stream(xEmbedded, images.Select(p => p.PadMask).ToList(), x_pad_token, imageIds);
        xs = xs with { Hidden = RunBlocks(noise_refiner, xs, adaln) };

        // Caption stream: RMSNorm + Linear, learned pad token, context refiner (not modulated).
        Tensor capEmbedded = cap_embedder.forward(cat(caps.Select(p => p.Padded).ToArray(), 0)); // (ΣL, dim)
        PaddedBatch cs = Stream(capEmbedded, caps.Select(p => p.PadMask).ToList(), cap_pad_token, capIds);
        cs = cs with { Hidden = RunBlocks(context_refiner, cs, adaln: null) };

        // Unified stream per item: [image tokens, caption tokens], both with their 32-padding.
        PaddedBatch unified = PaddedBatch.Create(
            Enumerable.Range(0, batch).Select(i => cat([xs.Item(i), cs.Item(i)], 0)).ToList(),
            Enumerable.Range(0, batch).Select(i => Concat(xs.ItemFreqs(i), cs.ItemFreqs(i))).ToList());
        Tensor hidden = RunBlocks(layers, unified, adaln); // (B, S, dim)
        Tensor output = all_final_layer[Config.PatchKey].forward(hidden, adaln); // (B, S, patch features)

        var results = new List<Tensor>(batch);
        for (int i = 0; i < batch; i++)
            results.Add(ZImagePatches.Unpatchify(output[i], sizes[i], Config.InChannels, Config.PatchSize, Config.FPatchSize).MoveToOuterDisposeScope());
        return results;
    }

    /// <summary>
    /// The one loop over a block list, shared by the three block stacks; checkpointing wraps each block call here.
    /// A refiner stack is checkpointed only when gradients must flow through it: LoRA trains the main layers only
    /// (LoraTargets), so in LoRA training the refiners record no graph and are neither replayed nor back-propagated.
    /// </summary>
    Tensor RunBlocks(ModuleList<ZImageTransformerBlock> blocks, PaddedBatch batch, Tensor? adaln)
    {
        Tensor hidden = batch.Hidden;
        bool needsGradients = ReferenceEquals(blocks, layers) || hidden.requires_grad || blocks.parameters().Any(p => p.requires_grad);
        foreach (ZImageTransformerBlock block in blocks)
        {
            Tensor next;
            using (Offloading?.Use(block, BlockPass.Forward))
                next = GradientCheckpointing && is_grad_enabled() && needsGradients
                    ? BlockCheckpoint.Run(block, hidden, batch.KeyMask, batch.Freqs, adaln, Offloading)
                    : block.forward(hidden, batch.KeyMask, batch.Freqs, adaln);
            // Free each intermediate handle at once (autograd keeps its own references when it needs them).
            if (!ReferenceEquals(hidden, batch.Hidden)) hidden.Dispose();
            hidden = next;
        }
        return hidden;
    }

    /// <summary>Replaces the 32-padding rows by the learned pad token, splits per item and pads to a batch.</summary>
    PaddedBatch Stream(Tensor embedded, IReadOnlyList<Tensor> padMasks, Parameter padToken, IReadOnlyList<Tensor> ids)
    {
        Tensor padRows = cat(padMasks.ToArray(), 0).unsqueeze(-1); // (ΣN, 1)
        Tensor filled = where(padRows, padToken.to(embedded.dtype), embedded); // (ΣN, dim)
        long[] lengths = ids.Select(i => i.shape[0]).ToArray();
        RotaryFreqs freqs = _rope.Lookup(cat(ids.ToArray(), 0)); // (ΣN, head_dim/2)
        Tensor[] cos = freqs.Cos.split(lengths), sin = freqs.Sin.split(lengths);
        return PaddedBatch.Create(filled.split(lengths),
            Enumerable.Range(0, lengths.Length).Select(i => new RotaryFreqs(cos[i], sin[i])).ToList());
    }

    static RotaryFreqs Concat(RotaryFreqs a, RotaryFreqs b) => new(cat([a.Cos, b.Cos], 0), cat([a.Sin, b.Sin], 0));

    (long F, long H, long W) TokenGrid((long F, long H, long W) size) =>
        (size.F / Config.FPatchSize, size.H / Config.PatchSize, size.W / Config.PatchSize);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rope.Dispose();
        base.Dispose(disposing);
    }
}
