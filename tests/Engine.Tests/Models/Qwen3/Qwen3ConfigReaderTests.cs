using ZImageSweep.Engine.ModelConfigFiles;
using ZImageSweep.Engine.Models.Qwen3;

namespace ZImageSweep.Engine.Tests.Models.Qwen3;

[Trait(Tier.Name, Tier.Unit)]
public sealed class Qwen3ConfigReaderTests
{
    /// <summary>Z-Image's text_encoder/config.json as described in docs/model.md#text-encoder-configuration, with the usual HF extras.</summary>
    const string ZImageConfigJson = """
        {
          "architectures": ["Qwen3ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
          "bos_token_id": 151643, "eos_token_id": 151645, "head_dim": 128, "hidden_act": "silu",
          "hidden_size": 2560, "initializer_range": 0.02, "intermediate_size": 9728,
          "max_position_embeddings": 40960, "max_window_layers": 36, "model_type": "qwen3",
          "num_attention_heads": 32, "num_hidden_layers": 36, "num_key_value_heads": 8, "rms_norm_eps": 1e-06,
          "rope_scaling": null, "rope_theta": 1000000, "sliding_window": null, "tie_word_embeddings": true,
          "torch_dtype": "bfloat16", "transformers_version": "4.51.0", "use_cache": true,
          "use_sliding_window": false, "vocab_size": 151936
        }
        """;

    [Fact]
    public void ZImageTextEncoderConfig_EqualsTheQwen3_4BPreset()
    {
        Assert.Equal(Qwen3Config.Qwen3_4B, Qwen3ConfigReader.FromJson(ZImageConfigJson, "config.json"));
        Assert.Equal(4, Qwen3Config.Qwen3_4B.KvGroups);
    }

    [Fact]
    public void RopeThetaNestedInRopeParameters_IsRead()
    {
        string json = ZImageConfigJson.Replace("\"rope_theta\": 1000000,", "\"rope_parameters\": {\"rope_type\": \"default\", \"rope_theta\": 5000.0},");
        Assert.Equal(5000.0, Qwen3ConfigReader.FromJson(json, "config.json").RopeTheta);
    }

    [Fact]
    public void MissingOptionalKeys_TakeTransformersDefaults()
    {
        var config = Qwen3ConfigReader.FromJson(
            """{"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 10}""", "c");
        Assert.Equal((16, 4, 10000.0, 1e-6, false), (config.HeadDim, config.NumKeyValueHeads, config.RopeTheta, config.RmsNormEps, config.TieWordEmbeddings));
    }

    [Theory]
    [InlineData("\"hidden_size\": 2560", "\"hidden_size\": \"2560\"", "hidden_size", "expected an integer")]
    [InlineData("\"hidden_size\": 2560", "\"hidden_size\": 2560.5", "hidden_size", "expected an integer")]
    [InlineData("\"rms_norm_eps\": 1e-06", "\"rms_norm_eps\": \"tiny\"", "rms_norm_eps", "expected a number")]
    [InlineData("\"tie_word_embeddings\": true", "\"tie_word_embeddings\": 1", "tie_word_embeddings", "expected true or false")]
    [InlineData("\"vocab_size\": 151936", "\"vocab_sise\": 151936", "vocab_sise", "unknown key")]
    [InlineData("\"hidden_act\": \"silu\"", "\"hidden_act\": \"gelu\"", "hidden_act", "silu")]
    [InlineData("\"rope_scaling\": null", "\"rope_scaling\": {\"rope_type\": \"yarn\"}", "rope_scaling", "null")]
    [InlineData("\"attention_bias\": false", "\"attention_bias\": true", "attention_bias", "false")]
    [InlineData("\"model_type\": \"qwen3\"", "\"model_type\": \"llama\"", "model_type", "qwen3")]
    [InlineData("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 5", "num_key_value_heads", "does not divide")]
    [InlineData("\"num_hidden_layers\": 36,", "", "num_hidden_layers", "missing")]
    public void BadValues_AreErrorsNamingTheKey(string original, string replacement, string key, string reason)
    {
        Assert.Contains(original, ZImageConfigJson);
        string json = ZImageConfigJson.Replace(original, replacement);
        var e = Assert.Throws<ModelConfigException>(() => Qwen3ConfigReader.FromJson(json, "text_encoder/config.json"));
        Assert.Equal(key, e.Key);
        Assert.Contains($"text_encoder/config.json: '{key}'", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void MalformedJson_IsAnErrorNamingTheSource()
    {
        var e = Assert.Throws<ModelConfigException>(() => Qwen3ConfigReader.FromJson("{\"hidden_size\": ", "dir/config.json"));
        Assert.StartsWith("dir/config.json:", e.Message);
    }

    [Fact]
    public void MissingFile_IsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => Qwen3ConfigReader.FromFile("/nonexistent/config.json"));
    }
}
