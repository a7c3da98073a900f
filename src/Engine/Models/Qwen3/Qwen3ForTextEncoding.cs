using TorchSharp;
using ZImageSweep.Engine.IO;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Models.Qwen3;

/// <summary>
/// The checkpoint-shaped root of the text encoder: holding the decoder in a field named <c>model</c> gives the
/// state-dict keys the <c>model.</c> prefix of Z-Image's <c>text_encoder/</c> files (a Qwen3ForCausalLM-style
/// save without <c>lm_head</c>), so files load without key surgery.
/// </summary>
public sealed class Qwen3ForTextEncoding : nn.Module<Tensor, Tensor?, Qwen3EncoderOutput>
{
    /// <summary>The parameter keys of one decoder layer, relative to <c>model.layers.N.</c> (checked against the module by a test).</summary>
    internal static readonly string[] LayerKeys =
    [
        "input_layernorm.weight", "post_attention_layernorm.weight",
        "self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight",
        "self_attn.q_norm.weight", "self_attn.k_norm.weight",
        "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight",
    ];

    public Qwen3Model model;

    /// <param name="layerDevice">where the decoder layers wait (<see cref="Qwen3Model(Qwen3Config, Qwen3Depth, Device?, ScalarType, Device?)"/>).</param>
    public Qwen3ForTextEncoding(Qwen3Config config, Qwen3Depth depth = Qwen3Depth.Full, Device? device = null, ScalarType dtype = ScalarType.Float32,
        Device? layerDevice = null)
        : base(nameof(Qwen3ForTextEncoding))
    {
        model = new Qwen3Model(config, depth, device, dtype, layerDevice);
        RegisterComponents();
    }

    public Qwen3Config Config => model.Config;

    public override Qwen3EncoderOutput forward(Tensor input_ids, Tensor? attention_mask) => model.forward(input_ids, attention_mask);

    /// <summary>
    /// Builds the encoder and loads it strictly from <paramref name="files"/>, frozen and in eval mode. Keys the
    /// chosen depth does not build (the last layer and <c>model.norm</c>) and a causal-LM <c>lm_head.weight</c> are
    /// skipped by name; any other key the model lacks, and every key it misses, is an error.
    /// </summary>
    /// <exception cref="StateDictMismatchException">keys are missing or unexpected.</exception>
    /// <exception cref="SafeTensorsFormatException">a tensor's shape differs from the configuration's (names file and key).</exception>
    public static Qwen3ForTextEncoding Load(Qwen3Config config, IReadOnlyList<string> files, Qwen3Depth depth = Qwen3Depth.Full,
        Device? device = null, ScalarType dtype = ScalarType.Float32, Device? layerDevice = null)
    {
        var encoder = new Qwen3ForTextEncoding(config, depth, device, dtype, layerDevice);
        try
        {
            var opened = new List<SafeTensorsFile>();
            try
            {
                foreach (string file in files) opened.Add(SafeTensorsFile.Open(file));
                StateDictLoader.Load(encoder, opened, KeyFilter(config, depth));
            }
            finally
            {
                foreach (SafeTensorsFile f in opened) f.Dispose();
            }
            foreach (var p in encoder.parameters()) p.requires_grad = false;
            encoder.eval();
            return encoder;
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Loads a transformers-style folder: <c>config.json</c> plus the shards named by
    /// <c>model.safetensors.index.json</c>, or every <c>*.safetensors</c> when there is no index.
    /// </summary>
    /// <exception cref="SafeTensorsFormatException">the index is malformed or names a shard outside the folder.</exception>
    public static Qwen3ForTextEncoding FromPretrained(string directory, Qwen3Depth depth = Qwen3Depth.HiddenStatesMinus2,
        Device? device = null, ScalarType dtype = ScalarType.BFloat16)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"text encoder folder not found: {directory}");
        Qwen3Config config = Qwen3ConfigReader.FromFile(Path.Combine(directory, "config.json"));
        return Load(config, ShardFiles(directory), depth, device, dtype);
    }

    /// <summary>Identity on keys, except the ones this depth deliberately does not build, which are dropped (null).</summary>
    public static Func<string, string?> KeyFilter(Qwen3Config config, Qwen3Depth depth)
    {
        var skipped = new HashSet<string>(StringComparer.Ordinal) { "lm_head.weight" };
        if (depth == Qwen3Depth.HiddenStatesMinus2)
        {
            skipped.Add("model.norm.weight");
            foreach (string key in LayerKeys) skipped.Add($"model.layers.{config.NumHiddenLayers - 1}.{key}");
        }
        return key => skipped.Contains(key) ? null : key;
    }

    static List<string> ShardFiles(string directory)
    {
        string index = Path.Combine(directory, "model" + SafeTensorsIndex.Suffix);
        if (File.Exists(index)) // validated (shard names stay in the folder) by the one index reader
            return SafeTensorsIndex.Read(index).ShardPaths.Order(StringComparer.Ordinal).ToList();
        var files = Directory.GetFiles(directory, "*.safetensors").Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new FileNotFoundException($"no *.safetensors files in {directory}");
    }
}
