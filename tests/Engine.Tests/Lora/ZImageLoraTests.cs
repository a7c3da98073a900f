using TorchSharp;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Lora;

/// <summary>Reading LoRA files, validating them against the model, merging and exact un-merging.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ZImageLoraTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-lora-").FullName;

    public ZImageLoraTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string name, Dictionary<string, Tensor> tensors)
    {
        string path = Path.Combine(_dir, name);
        SafeTensorsWriter.Save(path, tensors);
        return path;
    }

    static ZImageTransformer2DModel TinyModel() => new(ZImageConfig.Tiny);

    [Fact]
    public void UnknownModuleKey_IsRejectedNamingTheKey()
    {
        using var scope = NewDisposeScope();
        string path = Write("unknown.safetensors", new()
        {
            ["diffusion_model.layers.0.attention.to_qkv.lora_A.weight"] = randn(2, 16),
            ["diffusion_model.layers.0.attention.to_qkv.lora_B.weight"] = randn(16, 2),
        });
        using var model = TinyModel();
        using var lora = ZImageLora.Read(path);
        var e = Assert.Throws<LoraFormatException>(() => LoraMerge.Apply(model, lora));
        Assert.Equal("diffusion_model.layers.0.attention.to_qkv.lora_A.weight", e.Key);
        Assert.Contains("not a Linear layer", e.Message);
    }

    [Fact]
    public void RankMismatchBetweenFactors_IsRejectedNamingTheBKey()
    {
        using var scope = NewDisposeScope();
        string path = Write("rank.safetensors", new()
        {
            ["diffusion_model.layers.0.attention.to_q.lora_A.weight"] = randn(4, 16),
            ["diffusion_model.layers.0.attention.to_q.lora_B.weight"] = randn(16, 3),
        });
        var e = Assert.Throws<LoraFormatException>(() => ZImageLora.Read(path));
        Assert.Equal("diffusion_model.layers.0.attention.to_q.lora_B.weight", e.Key);
        Assert.Contains("rank 3", e.Message);
    }

    [Fact]
    public void FactorsNotFittingTheLinear_AreRejectedBeforeAnythingIsMerged()
    {
        using var scope = NewDisposeScope();
        string path = Write("shape.safetensors", new()
        {
            ["diffusion_model.layers.0.attention.to_k.lora_A.weight"] = randn(2, 16),
            ["diffusion_model.layers.0.attention.to_k.lora_B.weight"] = randn(16, 2),
            ["diffusion_model.layers.0.feed_forward.w1.lora_A.weight"] = randn(2, 16),
            ["diffusion_model.layers.0.feed_forward.w1.lora_B.weight"] = randn(16, 2), // w1 is 16 → 42
        });
        using var model = TinyModel();
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var lora = ZImageLora.Read(path);
        var e = Assert.Throws<LoraFormatException>(() => LoraMerge.Apply(model, lora));
        Assert.Contains("feed_forward.w1", e.Message);
        Assert.Contains("16 → 42", e.Message);
        Assert.All(model.state_dict(), kv => Assert.True(kv.Value.eq(before[kv.Key]).all().item<bool>(), kv.Key));
    }

    [Fact]
    public void LoneFactorOrForeignKey_IsRejected()
    {
        using var scope = NewDisposeScope();
        string lone = Write("lone.safetensors", new() { ["diffusion_model.layers.0.attention.to_q.lora_A.weight"] = randn(2, 16) });
        Assert.Contains("no matching lora_B", Assert.Throws<LoraFormatException>(() => ZImageLora.Read(lone)).Message);
        string foreign = Write("foreign.safetensors", new() { ["layers.0.attention.to_q.weight"] = randn(16, 16) });
        Assert.Equal("layers.0.attention.to_q.weight", Assert.Throws<LoraFormatException>(() => ZImageLora.Read(foreign)).Key);
    }

    [Fact]
    public void PrefixAndPeftVariants_ReadAsTheSameModules()
    {
        using var scope = NewDisposeScope();
        string path = Write("variants.safetensors", new()
        {
            ["transformer.layers.0.attention.to_q.lora_A.weight"] = randn(2, 16),
            ["transformer.layers.0.attention.to_q.lora_B.weight"] = randn(16, 2),
            ["base_model.model.layers.0.attention.to_v.lora_A.default.weight"] = randn(2, 16),
            ["base_model.model.layers.0.attention.to_v.lora_B.default.weight"] = randn(16, 2),
            ["diffusion_model.layers.0.attention.to_k.lora_A.weight"] = randn(4, 16),
            ["diffusion_model.layers.0.attention.to_k.lora_B.weight"] = randn(16, 4),
            ["diffusion_model.layers.0.attention.to_k.alpha"] = tensor(2f),
        });
        using var lora = ZImageLora.Read(path);
        Assert.Equal(["layers.0.attention.to_k", "layers.0.attention.to_q", "layers.0.attention.to_v"], lora.Pairs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.5, lora.Pairs["layers.0.attention.to_k"].Scale); // alpha 2 / rank 4
        Assert.Equal(1.0, lora.Pairs["layers.0.attention.to_q"].Scale);
    }

    [Fact]
    public void MergeThenUnmerge_RestoresBf16WeightsBitForBit()
    {
        using var scope = NewDisposeScope();
        using var model = ZImageTransformer2DModel.Load([Path.Combine(ReferenceCases.Directory, "zimage_tiny_a_weights.safetensors")], dtype: ScalarType.BFloat16);
        using var lora = ZImageLora.Read(Path.Combine(ReferenceCases.Directory, "zimage_tiny_a_lora.safetensors"));
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var merge = LoraMerge.Apply(model, lora, multiplier: 0.75);
        var toQ = model.state_dict()["layers.0.attention.to_q.weight"];
        Assert.False(toQ.eq(before["layers.0.attention.to_q.weight"]).all().item<bool>());
        var pair = lora.Pairs["layers.0.attention.to_q"];
        using Scalar strength = 0.75.ToScalar();
        var expected = before["layers.0.attention.to_q.weight"].to(ScalarType.Float32).Plus(pair.B.matmul(pair.A).mul(strength)).to(ScalarType.BFloat16);
        Assert.True(toQ.eq(expected).all().item<bool>());

        merge.Unmerge();
        Assert.All(model.state_dict(), kv => Assert.True(kv.Value.eq(before[kv.Key]).all().item<bool>(), kv.Key));
    }
}
