using System.Text.Json.Nodes;
using ZImageSweep.Engine.ModelConfigFiles;
using ZImageSweep.Engine.Models.Vae;

namespace ZImageSweep.Engine.Tests.Models.Vae;

[Trait(Tier.Name, Tier.Unit)]
public sealed class AutoencoderKLConfigTests
{
    /// <summary>Z-Image(-Turbo)'s <c>vae/config.json</c> as docs/model.md#vae lists it.</summary>
    const string ZImageVaeConfigJson = """
        {
          "_class_name": "AutoencoderKL",
          "_diffusers_version": "0.36.0.dev0",
          "act_fn": "silu",
          "block_out_channels": [128, 256, 512, 512],
          "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
          "force_upcast": true,
          "in_channels": 3,
          "latent_channels": 16,
          "latents_mean": null,
          "latents_std": null,
          "layers_per_block": 2,
          "mid_block_add_attention": true,
          "norm_num_groups": 32,
          "out_channels": 3,
          "sample_size": 1024,
          "scaling_factor": 0.3611,
          "shift_factor": 0.1159,
          "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"],
          "use_post_quant_conv": false,
          "use_quant_conv": false
        }
        """;

    static void AssertSameArchitecture(AutoencoderKLConfig expected, AutoencoderKLConfig actual)
    {
        Assert.Equal(expected.BlockOutChannels, actual.BlockOutChannels);
        Assert.Equal(expected.DownBlockTypes, actual.DownBlockTypes);
        Assert.Equal(expected.UpBlockTypes, actual.UpBlockTypes);
        Assert.Equal(expected with { BlockOutChannels = [], DownBlockTypes = [], UpBlockTypes = [] },
            actual with { BlockOutChannels = [], DownBlockTypes = [], UpBlockTypes = [] });
    }

    [Fact]
    public void ZImageConfigJson_EqualsTheFluxPreset()
    {
        var config = AutoencoderKLConfig.FromJson(ZImageVaeConfigJson, "vae/config.json");

        AssertSameArchitecture(AutoencoderKLConfig.Flux, config);
        Assert.Equal(8, config.DownsampleFactor);
        Assert.Equal(0.3611, config.ScalingFactor);
        Assert.Equal(0.1159, config.ShiftFactor);
    }

    [Fact]
    public void MissingKeys_TakeDiffusersDefaults()
    {
        var config = AutoencoderKLConfig.FromJson("""{"block_out_channels": [32, 64], "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"], "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"], "shift_factor": null}""", "x");

        Assert.Equal(4, config.LatentChannels);
        Assert.Equal(1, config.LayersPerBlock);
        Assert.True(config.UseQuantConv);
        Assert.True(config.UsePostQuantConv);
        Assert.Equal(0.18215, config.ScalingFactor);
        Assert.Equal(0, config.ShiftFactor);
        Assert.Equal(2, config.DownsampleFactor);
    }

    [Theory]
    [InlineData("latent_channels", "\"16\"", "expected an integer")]
    [InlineData("layers_per_block", "2.5", "expected an integer")]
    [InlineData("scaling_factor", "\"0.3611\"", "expected a number")]
    [InlineData("use_quant_conv", "0", "expected true or false")]
    [InlineData("block_out_channels", "128", "expected a list of integers")]
    [InlineData("block_out_channels", "[128, \"256\", 512, 512]", "expected an integer")]
    [InlineData("down_block_types", "[\"DownEncoderBlock2D\", \"DownEncoderBlock2D\", \"DownEncoderBlock2D\", \"CrossAttnDownBlock2D\"]", "not supported")]
    [InlineData("up_block_types", "[\"UpDecoderBlock2D\"]", "has 1 entries")]
    [InlineData("act_fn", "\"gelu\"", "only 'silu'")]
    [InlineData("_class_name", "\"AutoencoderTiny\"", "not an AutoencoderKL")]
    [InlineData("norm_num_groups", "48", "not a positive multiple of norm_num_groups")]
    [InlineData("some_new_key", "1", "unknown")]
    public void BadValue_IsRejectedNamingTheKey(string key, string json, string reason)
    {
        string edited = WithValue(key, json);

        var e = Assert.Throws<ModelConfigException>(() => AutoencoderKLConfig.FromJson(edited, "vae/config.json"));

        Assert.Equal(key is "norm_num_groups" ? "block_out_channels" : key, e.Key);
        Assert.Contains("vae/config.json", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void InvalidJson_IsRejectedNamingTheSource()
    {
        var e = Assert.Throws<ModelConfigException>(() => AutoencoderKLConfig.FromJson("{ \"latent_channels\": ", "cfg.json"));
        Assert.Contains("cfg.json", e.Message);
    }

    /// <summary>The Z-Image config with one key set (added or replaced) to a raw JSON value.</summary>
    static string WithValue(string key, string rawJson)
    {
        JsonObject root = JsonNode.Parse(ZImageVaeConfigJson)!.AsObject();
        root[key] = JsonNode.Parse(rawJson);
        return root.ToJsonString();
    }
}
