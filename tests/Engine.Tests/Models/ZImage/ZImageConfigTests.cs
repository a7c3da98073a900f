using ZImageSweep.Engine.ModelConfigFiles;
using ZImageSweep.Engine.Models.ZImage;

namespace ZImageSweep.Engine.Tests.Models.ZImage;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ZImageConfigTests
{
    // transformer/config.json of Tongyi-MAI/Z-Image (base), as listed in docs/model.md#variants-and-checkpoints, docs/model.md#transformer-configuration.
    const string DiffusersConfigJson = """
        {
          "_class_name": "ZImageTransformer2DModel",
          "_diffusers_version": "0.36.0.dev0",
          "all_f_patch_size": [1],
          "all_patch_size": [2],
          "axes_dims": [32, 48, 48],
          "axes_lens": [1536, 512, 512],
          "cap_feat_dim": 2560,
          "dim": 3840,
          "in_channels": 16,
          "n_heads": 30,
          "n_kv_heads": 30,
          "n_layers": 30,
          "n_refiner_layers": 2,
          "norm_eps": 1e-05,
          "qk_norm": true,
          "rope_theta": 256.0,
          "siglip_feat_dim": null,
          "t_scale": 1000.0
        }
        """;

    [Fact]
    public void DiffusersConfigJson_ParsesToTheTurboPresetWithDerivedSizes()
    {
        var config = ZImageConfig.FromJson(DiffusersConfigJson, "config.json");
        Assert.Equal(ZImageConfig.Turbo, config);
        Assert.NotEqual(ZImageConfig.Turbo with { AxesLens = [1024, 512, 512] }, config); // diffusers' constructor default differs
        Assert.Equal([32, 48, 48], config.AxesDims);
        Assert.Equal([1536, 512, 512], config.AxesLens);
        Assert.Equal(128, config.HeadDim);
        Assert.Equal(10240, config.FfnHiddenDim);
        Assert.Equal(256, config.AdaLnEmbedDim);
        Assert.Equal(64, config.PatchFeatures);
        Assert.Equal("2-1", config.PatchKey);
    }

    [Fact]
    public void ReferenceMetadataConfig_KeepsDefaultsForFixedArguments()
    {
        var config = ZImageConfig.FromJson("""{"dim": 64, "n_layers": 2, "n_refiner_layers": 1, "n_heads": 2, "n_kv_heads": 2, "cap_feat_dim": 32, "axes_dims": [8, 12, 12], "axes_lens": [128, 64, 64]}""", "meta");
        Assert.Equal(64, config.Dim);
        Assert.Equal(170, config.FfnHiddenDim); // int(64 / 3 * 8) in floating point, not 168
        Assert.Equal(64, config.AdaLnEmbedDim);
        Assert.Equal(1e-5, config.NormEps);
        Assert.Equal(256.0, config.RopeTheta);
    }

    [Fact]
    public void UnknownKey_IsAnErrorNamingTheKey()
    {
        var e = Assert.Throws<ModelConfigException>(() => ZImageConfig.FromJson("""{"dim": 64, "n_layer": 2}""", "cfg.json"));
        Assert.Equal("n_layer", e.Key);
        Assert.Contains("cfg.json", e.Message);
    }

    [Theory]
    [InlineData("""{"dim": "3840"}""", "dim")]
    [InlineData("""{"axes_dims": [32, 48.5, 48]}""", "axes_dims")]
    [InlineData("""{"qk_norm": 1}""", "qk_norm")]
    [InlineData("""{"rope_theta": null}""", "rope_theta")]
    [InlineData("""{"all_patch_size": [2, 4]}""", "all_patch_size")]
    public void WrongType_IsAnErrorNamingTheKey(string json, string key)
    {
        var e = Assert.Throws<ModelConfigException>(() => ZImageConfig.FromJson(json, "cfg.json"));
        Assert.Equal(key, e.Key);
    }

    [Theory]
    [InlineData("""{"axes_dims": [32, 48, 40]}""", "axes_dims")] // sum 120 != head_dim 128
    [InlineData("""{"axes_dims": [33, 47, 48]}""", "axes_dims")] // odd
    [InlineData("""{"n_kv_heads": 10}""", "n_kv_heads")]
    [InlineData("""{"dim": 3841}""", "dim")]
    [InlineData("""{"in_channels": 4}""", "in_channels")]
    public void InconsistentValues_FailValidationNamingTheKey(string json, string key)
    {
        var e = Assert.Throws<ModelConfigException>(() => ZImageConfig.FromJson(json, "cfg.json"));
        Assert.Equal(key, e.Key);
    }

    [Fact]
    public void Presets_AreValid()
    {
        ZImageConfig.Turbo.Validate();
        ZImageConfig.Tiny.Validate();
        Assert.Equal(16, ZImageConfig.Tiny.HeadDim);
    }
}
