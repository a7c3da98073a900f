using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.TinyModels;

/// <summary>
/// Writes a complete, randomly initialised tiny Z-Image model in the diffusers layout of <c>Tongyi-MAI/Z-Image-Turbo</c>
/// (<c>model_index.json</c>, <c>scheduler/</c>, <c>transformer/</c>, <c>text_encoder/</c>, <c>tokenizer/</c>, <c>vae/</c>)
/// plus ai-toolkit-style training adapters in <c>adapters/</c>. Everything derives from the seed: the same seed and
/// spec give byte-identical files. Every file is written atomically; existing files of the same name are replaced.
/// </summary>
public static class TinyModelWriter
{
    public const string AdapterFolder = "adapters";
    public const string TransformerWeights = "diffusion_pytorch_model.safetensors";
    public const string TextEncoderWeights = "model.safetensors";
    public const string VaeWeights = "diffusion_pytorch_model.safetensors";

    public static string AdapterFileName(string version) => $"zimage_tiny_training_adapter_{version}.safetensors";

    public static TinyModelFolder Write(string directory, long seed = 0, TinyModelSpec? spec = null)
    {
        spec ??= TinyModelSpec.Default;
        directory = Path.GetFullPath(directory);
        var files = new List<string>();
        void Json(string relative, System.Text.Json.Nodes.JsonObject json)
        {
            AtomicFile.WriteAllText(Path.Combine(directory, relative), TinyModelJson.Serialize(json));
            files.Add(relative);
        }

        TinyTokenizer tokenizer = TinyTokenizer.Learn(spec.TokenizerMerges);
        Qwen3Config textConfig = (spec.TextEncoder with { VocabSize = tokenizer.VocabularySize }).Validate("tiny text encoder");
        ZImageConfig transformerConfig = (spec.Transformer with { CapFeatDim = textConfig.HiddenSize }).Validate("tiny transformer");
        AutoencoderKLConfig vaeConfig = spec.Vae;
        vaeConfig.Validate("tiny VAE");

        Json(ModelFolder.IndexFileName, TinyModelJson.ModelIndex());
        Json(Path.Combine("scheduler", SchedulerConfig.FileName), TinyModelJson.Scheduler(spec.Shift));
        Json(Path.Combine("tokenizer", "tokenizer.json"), tokenizer.TokenizerJson());
        Json(Path.Combine("tokenizer", "tokenizer_config.json"), tokenizer.TokenizerConfigJson());

        Json(Path.Combine("text_encoder", ModelComponent.ConfigFileName),
            TinyModelJson.TextEncoder(textConfig, tokenizer.SpecialTokenId("<|endoftext|>"), tokenizer.SpecialTokenId("<|im_end|>")));
        using (var encoder = new Qwen3ForTextEncoding(textConfig, Qwen3Depth.Full, CPU, ScalarType.Float32))
            files.Add(SaveModule(encoder, directory, Path.Combine("text_encoder", TextEncoderWeights), seed, "text_encoder", spec.WeightStd, spec.TextEncoderDType));

        Json(Path.Combine("vae", ModelComponent.ConfigFileName), TinyModelJson.Vae(vaeConfig));
        using (var vae = new AutoencoderKL(vaeConfig, CPU, ScalarType.Float32))
            files.Add(SaveModule(vae, directory, Path.Combine("vae", VaeWeights), seed, "vae", spec.WeightStd, spec.VaeDType));

        Json(Path.Combine("transformer", ModelComponent.ConfigFileName), TinyModelJson.Transformer(transformerConfig));
        var adapters = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var transformer = new ZImageTransformer2DModel(transformerConfig, CPU, ScalarType.Float32))
        {
            files.Add(SaveModule(transformer, directory, Path.Combine("transformer", TransformerWeights), seed, "transformer", spec.WeightStd, spec.TransformerDType));
            foreach (var (version, rank) in spec.Adapters)
            {
                string relative = Path.Combine(AdapterFolder, AdapterFileName(version));
                WriteAdapter(transformer, Path.Combine(directory, relative), rank, seed, version, spec);
                adapters[version] = Path.Combine(directory, relative);
                files.Add(relative);
            }
        }
        return new TinyModelFolder(directory, seed, transformerConfig, textConfig, vaeConfig, spec.Shift, adapters) { Files = files };
    }

    /// <summary>Initialises <paramref name="module"/> from the seed and writes its state dict in <paramref name="dtype"/>.</summary>
    static string SaveModule(nn.Module module, string directory, string relative, long seed, string component, double std, ScalarType dtype)
    {
        using (Generator generator = TinyWeights.Generator(seed, component))
            TinyWeights.Initialize(module, generator, std);
        using var scope = NewDisposeScope();
        var tensors = module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().to(dtype), StringComparer.Ordinal);
        SafeTensorsWriter.Save(Path.Combine(directory, relative), tensors, Metadata(component, seed));
        return relative;
    }

    /// <summary>
    /// An ai-toolkit Z-Image LoRA (<c>diffusion_model.&lt;module&gt;.lora_A/B.weight</c>, no alpha) over every Linear of
    /// the <c>layers.N</c> blocks, both factors normal(0, <see cref="TinyModelSpec.AdapterStd"/>).
    /// </summary>
    static void WriteAdapter(ZImageTransformer2DModel transformer, string path, int rank, long seed, string version, TinyModelSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        var linears = transformer.named_modules()
            .Where(m => m.module is Linear && m.name.StartsWith("layers.", StringComparison.Ordinal))
            .Select(m => (m.name, Linear: (Linear)m.module))
            .OrderBy(m => m.name, StringComparer.Ordinal).ToList();
        using var scope = NewDisposeScope();
        using Generator generator = TinyWeights.Generator(seed, $"adapter_{version}");
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, linear) in linears)
        {
            tensors[$"diffusion_model.{name}.lora_A.weight"] = TinyWeights.Normal([rank, linear.in_features], spec.AdapterStd, generator).to(spec.AdapterDType);
            tensors[$"diffusion_model.{name}.lora_B.weight"] = TinyWeights.Normal([linear.out_features, rank], spec.AdapterStd, generator).to(spec.AdapterDType);
        }
        SafeTensorsWriter.Save(path, tensors, Metadata($"training adapter {version} (rank {rank})", seed));
    }

    static Dictionary<string, string> Metadata(string what, long seed) => new(StringComparer.Ordinal)
    {
        ["format"] = "pt",
        ["zsweep_tiny_model"] = $"{what}, seed {seed}",
    };
}
