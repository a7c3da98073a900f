using System.Diagnostics;
using TorchSharp;
using ZImageSweep.Engine.Hub;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Sampling;
using ZImageSweep.Engine.Text;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>
/// Z-Image text-to-image: prompts → Qwen3 caption features (template, 512-token cap) → FlowMatch Euler sampling
/// (Turbo without guidance, base / De-Turbo with the official CFG) → VAE decode → images. LoRAs are merged for a run
/// and un-merged after it, so one loaded pipeline serves any number of runs with different LoRAs and weights.
/// All weights are frozen; everything runs without autograd.
/// </summary>
public sealed class ZImagePipeline : IDisposable
{
    readonly ModelLocator _locator;
    readonly bool _ownsLocator;
    LoadedTextEncoder? _textEncoder;

    ZImagePipeline(ZImagePipelineOptions options, ZImageModelSources sources, ModelLocator locator, bool ownsLocator,
        ZImageTransformer2DModel transformer, LoadedTextEncoder? textEncoder, ZImagePromptTokenizer tokenizer,
        AutoencoderKL vae, SchedulerConfig scheduler)
    {
        Options = options;
        Sources = sources;
        _locator = locator;
        _ownsLocator = ownsLocator;
        Transformer = transformer;
        _textEncoder = textEncoder;
        Tokenizer = tokenizer;
        Vae = vae;
        Scheduler = scheduler;
    }

    public ZImagePipelineOptions Options { get; }
    public ZImageModelSources Sources { get; }
    public ZImageTransformer2DModel Transformer { get; }
    public ZImagePromptTokenizer Tokenizer { get; }
    public AutoencoderKL Vae { get; }
    public SchedulerConfig Scheduler { get; }
    /// <summary>False after a run with <see cref="ZImagePipelineOptions.ReleaseTextEncoder"/>; the next run reloads it.</summary>
    public bool TextEncoderLoaded => _textEncoder is not null;

    /// <summary>
    /// Resolves the sources (downloading what is missing) and loads every component onto the target; with
    /// <see cref="ZImagePipelineOptions.TransformerBlocksOnHost"/> the blocks stay on the host and the text encoder loads on first use.
    /// </summary>
    /// <param name="locator">resolves names and paths; null uses the Hugging Face environment settings.</param>
    public static ZImagePipeline Load(ZImagePipelineOptions options, ModelLocator? locator = null, IProgress<DownloadProgress>? progress = null)
    {
        LibTorchLoader.EnsureLoaded();
        bool owns = locator is null;
        locator ??= ModelLocator.FromEnvironment();
        var loaded = new List<IDisposable>();
        try
        {
            ZImageModelSources sources = ZImageModelSources.Resolve(options.Model, options.Extras, locator, progress);
            ModelFolder parts = sources.Components;
            SchedulerConfig scheduler = parts.Scheduler;
            var tokenizer = new ZImagePromptTokenizer(Qwen3Tokenizer.FromFile(parts.Tokenizer.TokenizerJson), options.MaxSequenceLength);
            ZImageTransformer2DModel transformer = Track(LoadTransformer(sources, options.Target, options.TransformerBlocksOnHost));
            LoadedTextEncoder? textEncoder = options.TransformerBlocksOnHost ? null : Track(LoadedTextEncoder.Load(parts, options));
            ModelComponent vaeParts = parts.Vae;
            AutoencoderKL vae = Track(AutoencoderKL.Load(AutoencoderKLConfig.FromFile(vaeParts.ConfigPath), vaeParts.WeightFiles(),
                options.VaeDType, options.Target.Device));
            return new ZImagePipeline(options, sources, locator, owns, transformer, textEncoder, tokenizer, vae, scheduler);
        }
        catch
        {
            foreach (IDisposable d in loaded) d.Dispose();
            if (owns) locator.Dispose();
            throw;
        }

        T Track<T>(T module) where T : IDisposable
        {
            loaded.Add(module);
            return module;
        }
    }

    static ZImageTransformer2DModel LoadTransformer(ZImageModelSources sources, ComputeTarget target, bool blocksOnHost)
    {
        // Built directly in the target dtype, so a 6 B model never exists in fp32 on the CPU.
        var model = new ZImageTransformer2DModel(sources.TransformerConfig, target.Device, target.DType, blocksOnHost ? CPU : null);
        try
        {
            using WeightSource weights = TransformerWeights.Open(sources.TransformerPath);
            weights.LoadInto(model);
            Freeze(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    static void Freeze(nn.Module module)
    {
        foreach (var p in module.parameters()) p.requires_grad = false;
        module.eval();
    }

    /// <summary>
    /// Samples every prompt of <paramref name="request"/> and hands each image to <paramref name="onImage"/> as soon as
    /// it is decoded; the image tensor is disposed when the callback returns.
    /// </summary>
    /// <param name="onStep">(prompt index, step index, steps) after each sampling step.</param>
    /// <exception cref="ZImageInputException">a size is not a multiple of 16, or steps &lt; 1.</exception>
    /// <exception cref="LoraFormatException">a LoRA file is malformed or does not fit the transformer.</exception>
    public void Generate(ZImageGenerationRequest request, Action<GeneratedImage> onImage, Action<int, int, int>? onStep = null)
    {
        ZImageSampler.LatentShape(request.Width, request.Height, Transformer.Config.InChannels); // checks the sizes before any work
        if (request.Steps < 1) throw new ZImageInputException(nameof(request.Steps), $"steps {request.Steps} must be at least 1");
        if (request.Prompts.Count == 0) throw new ZImagePipelineException("prompts", "at least one prompt is needed");

        var loras = new List<(ZImageLora Lora, double Weight)>();
        IReadOnlyList<Tensor> features = [];
        try
        {
            foreach (LoraSpec spec in request.Loras) loras.Add((ZImageLora.Read(ResolveLora(spec.NameOrPath)), spec.Weight));
            bool cfg = ClassifierFreeGuidance.Enabled(request.Guidance);
            features = EncodePrompts(cfg ? [.. request.Prompts, request.NegativePrompt] : request.Prompts);
            Tensor? negative = cfg ? features[^1] : null;

            using LoraSession session = LoraSession.Apply(Transformer, loras);
            var sampler = new ZImageSampler(Transformer);
            for (int i = 0; i < request.Prompts.Count; i++)
            {
                using var scope = NewDisposeScope();
                var clock = Stopwatch.StartNew();
                int index = i;
                Tensor latents = sampler.Sample(SampleRequest(request, features[i], negative),
                    (step, _) => onStep?.Invoke(index, step, request.Steps));                   // (1, 16, h, w)
                Tensor image;
                using (no_grad()) image = Vae.DecodeLatentsToImage(latents)[0].cpu();            // (3, H, W) in [0, 1]
                onImage(new GeneratedImage(i, request.Prompts[i], request.Seed, image, clock.Elapsed));
            }
        }
        finally
        {
            foreach (Tensor f in features) f.Dispose();
            foreach (var (lora, _) in loras) lora.Dispose();
        }
    }

    /// <summary>Like <see cref="Generate(ZImageGenerationRequest, Action{GeneratedImage}, Action{int, int, int})"/>, returning the images (the caller disposes them).</summary>
    public IReadOnlyList<Tensor> Generate(ZImageGenerationRequest request)
    {
        var images = new List<Tensor>();
        Generate(request, image => images.Add(image.Image.clone().DetachFromDisposeScope()));
        return images;
    }

    /// <summary>A local file, or a Hub file <c>org/repo/file.safetensors</c>; a bare <c>org/repo</c> is not a LoRA file.</summary>
    /// <exception cref="ModelFileNotFoundException">neither an existing file nor a Hub file name.</exception>
    string ResolveLora(string nameOrPath)
    {
        if (File.Exists(nameOrPath)) return Path.GetFullPath(nameOrPath);
        if (Directory.Exists(nameOrPath))
            throw new ModelFileNotFoundException(Path.GetFullPath(nameOrPath), "a LoRA must be a .safetensors file, not a folder");
        if (HubReference.TryParse(nameOrPath) is { FilePath: not null }) return _locator.Resolve(nameOrPath);
        throw new ModelFileNotFoundException(Path.GetFullPath(nameOrPath), "LoRA file not found");
    }

    ZImageSampleRequest SampleRequest(ZImageGenerationRequest request, Tensor positive, Tensor? negative) => new()
    {
        CapPos = positive,
        CapNeg = negative,
        Width = request.Width,
        Height = request.Height,
        Steps = request.Steps,
        Guidance = request.Guidance,
        Shift = request.Shift ?? Scheduler.Shift,
        CfgTruncation = request.CfgTruncation,
        CfgNormalization = request.CfgNormalization,
        Seed = request.Seed,
    };

    /// <summary>Caption features of each text (loading the text encoder again if an earlier run released it).</summary>
    public IReadOnlyList<Tensor> EncodePrompts(IReadOnlyList<string> texts)
    {
        _textEncoder ??= LoadedTextEncoder.Load(Sources.Components, Options);
        IReadOnlyList<Tensor> features = new PromptEncoder(Tokenizer, _textEncoder.Model).Encode(texts);
        foreach (Tensor f in features) f.DetachFromDisposeScope();
        if (Options.ReleaseTextEncoder) ReleaseTextEncoder();
        return features;
    }

    /// <summary>Frees the text encoder's weights now; the next run reloads them from disk.</summary>
    public void ReleaseTextEncoder()
    {
        _textEncoder?.Dispose();
        _textEncoder = null;
    }

    public void Dispose()
    {
        Transformer.Dispose();
        ReleaseTextEncoder();
        Vae.Dispose();
        if (_ownsLocator) _locator.Dispose();
    }
}
