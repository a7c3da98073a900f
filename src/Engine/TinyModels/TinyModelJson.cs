using System.Text.Json;
using System.Text.Json.Nodes;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Models.ZImage;

namespace ZImageSweep.Engine.TinyModels;

/// <summary>
/// The JSON files of a diffusers Z-Image folder, written from the Engine's config records with the key names and
/// bookkeeping entries the released <c>Tongyi-MAI/Z-Image-Turbo</c> files carry, so the Engine's readers parse
/// them back to equal records.
/// </summary>
public static class TinyModelJson
{
    public const string DiffusersVersion = "0.36.0.dev0";
    public const string TransformersVersion = "4.57.1";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Serialize(JsonObject json) => json.ToJsonString(Indented) + "\n";

    public static JsonObject ModelIndex() => new()
    {
        ["_class_name"] = "ZImagePipeline",
        ["_diffusers_version"] = DiffusersVersion,
        ["scheduler"] = Pair("diffusers", "FlowMatchEulerDiscreteScheduler"),
        ["text_encoder"] = Pair("transformers", "Qwen3Model"),
        ["tokenizer"] = Pair("transformers", "Qwen2Tokenizer"),
        ["transformer"] = Pair("diffusers", "ZImageTransformer2DModel"),
        ["vae"] = Pair("diffusers", "AutoencoderKL"),
    };

    public static JsonObject Scheduler(double shift) => new()
    {
        ["_class_name"] = "FlowMatchEulerDiscreteScheduler",
        ["_diffusers_version"] = DiffusersVersion,
        ["num_train_timesteps"] = 1000,
        ["shift"] = shift,
        ["use_dynamic_shifting"] = false,
    };

    public static JsonObject Transformer(ZImageConfig c) => new()
    {
        ["_class_name"] = "ZImageTransformer2DModel",
        ["_diffusers_version"] = DiffusersVersion,
        ["all_f_patch_size"] = new JsonArray(c.FPatchSize),
        ["all_patch_size"] = new JsonArray(c.PatchSize),
        ["axes_dims"] = Ints(c.AxesDims),
        ["axes_lens"] = Ints(c.AxesLens),
        ["cap_feat_dim"] = c.CapFeatDim,
        ["dim"] = c.Dim,
        ["in_channels"] = c.InChannels,
        ["n_heads"] = c.NHeads,
        ["n_kv_heads"] = c.NKvHeads,
        ["n_layers"] = c.NLayers,
        ["n_refiner_layers"] = c.NRefinerLayers,
        ["norm_eps"] = c.NormEps,
        ["qk_norm"] = c.QkNorm,
        ["rope_theta"] = c.RopeTheta,
        ["t_scale"] = c.TScale,
    };

    /// <param name="bosId">and <paramref name="eosId"/>: the tokenizer's &lt;|endoftext|&gt; and &lt;|im_end|&gt; ids.</param>
    public static JsonObject TextEncoder(Qwen3Config c, int bosId, int eosId) => new()
    {
        ["architectures"] = new JsonArray("Qwen3ForCausalLM"),
        ["attention_bias"] = false,
        ["attention_dropout"] = 0.0,
        ["bos_token_id"] = bosId,
        ["eos_token_id"] = eosId,
        ["head_dim"] = c.HeadDim,
        ["hidden_act"] = "silu",
        ["hidden_size"] = c.HiddenSize,
        ["initializer_range"] = 0.02,
        ["intermediate_size"] = c.IntermediateSize,
        ["max_position_embeddings"] = c.MaxPositionEmbeddings,
        ["max_window_layers"] = c.NumHiddenLayers,
        ["model_type"] = "qwen3",
        ["num_attention_heads"] = c.NumAttentionHeads,
        ["num_hidden_layers"] = c.NumHiddenLayers,
        ["num_key_value_heads"] = c.NumKeyValueHeads,
        ["rms_norm_eps"] = c.RmsNormEps,
        ["rope_scaling"] = null,
        ["rope_theta"] = c.RopeTheta,
        ["sliding_window"] = null,
        ["tie_word_embeddings"] = c.TieWordEmbeddings,
        ["torch_dtype"] = "bfloat16",
        ["transformers_version"] = TransformersVersion,
        ["use_cache"] = true,
        ["use_sliding_window"] = false,
        ["vocab_size"] = c.VocabSize,
    };

    public static JsonObject Vae(AutoencoderKLConfig c) => new()
    {
        ["_class_name"] = "AutoencoderKL",
        ["_diffusers_version"] = DiffusersVersion,
        ["act_fn"] = "silu",
        ["block_out_channels"] = Ints(c.BlockOutChannels),
        ["down_block_types"] = new JsonArray(c.DownBlockTypes.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
        ["force_upcast"] = c.ForceUpcast,
        ["in_channels"] = c.InChannels,
        ["latent_channels"] = c.LatentChannels,
        ["latents_mean"] = null,
        ["latents_std"] = null,
        ["layers_per_block"] = c.LayersPerBlock,
        ["mid_block_add_attention"] = c.MidBlockAddAttention,
        ["norm_num_groups"] = c.NormNumGroups,
        ["out_channels"] = c.OutChannels,
        ["sample_size"] = 1024,
        ["scaling_factor"] = c.ScalingFactor,
        ["shift_factor"] = c.ShiftFactor,
        ["up_block_types"] = new JsonArray(c.UpBlockTypes.Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
        ["use_post_quant_conv"] = c.UsePostQuantConv,
        ["use_quant_conv"] = c.UseQuantConv,
    };

    static JsonArray Pair(string library, string className) => new(library, className);

    static JsonArray Ints(IEnumerable<int> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
