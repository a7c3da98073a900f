using TorchSharp;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Weights;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ComfyUiTransformerConverterTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-comfy-").FullName;
    readonly DisposeScope _scope;

    public ComfyUiTransformerConverterTests()
    {
        LibTorchLoader.EnsureLoaded();
        _scope = NewDisposeScope();
    }

    public void Dispose()
    {
        _scope.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>
    /// Writes diffusers tensors the way ComfyUI stores them (docs/model.md#comfyui-keys), independently of the converter's table:
    /// q, k, v fused into qkv, renamed norms / out / embedder / final layer, optional prefix, a stray norm_final.
    /// </summary>
    static Dictionary<string, Tensor> ToComfyUi(IReadOnlyDictionary<string, Tensor> diffusers, string prefix)
    {
        var comfy = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in diffusers)
        {
            if (key.EndsWith(".attention.to_k.weight") || key.EndsWith(".attention.to_v.weight")) continue;
            if (key.EndsWith(".attention.to_q.weight"))
            {
                string block = key[..^"to_q.weight".Length];
                comfy[prefix + block + "qkv.weight"] = cat([tensor, diffusers[block + "to_k.weight"], diffusers[block + "to_v.weight"]], 0);
                continue;
            }
            string renamed = key
                .Replace(".attention.to_out.0.", ".attention.out.")
                .Replace(".attention.norm_q.", ".attention.q_norm.")
                .Replace(".attention.norm_k.", ".attention.k_norm.")
                .Replace("all_x_embedder.2-1.", "x_embedder.")
                .Replace("all_final_layer.2-1.", "final_layer.");
            comfy[prefix + renamed] = tensor;
        }
        comfy[prefix + "norm_final.weight"] = ones(64);
        return comfy;
    }

    [Theory]
    [InlineData("model.diffusion_model.")]
    [InlineData("")]
    public void ComfyUiFile_ReadsBackAsTheIdenticalDiffusersStateDict(string prefix)
    {
        var diffusers = TinyCheckpoint.ReadAll();
        string path = Path.Combine(_dir, "z_image_comfy.safetensors");
        SafeTensorsWriter.Save(path, ToComfyUi(diffusers, prefix));

        Assert.Equal(WeightLayout.ComfyUiFile, TransformerWeights.DetectLayout(path));
        using WeightSource source = TransformerWeights.Open(path);

        Assert.Equal(diffusers.Keys.Order(StringComparer.Ordinal), source.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, expected) in diffusers)
        {
            TensorInfo entry = source.Entry(key);
            Assert.Equal(expected.shape, entry.Shape);
            Assert.Equal(path, entry.Path);
            using Tensor actual = source.Read(key);
            Assert.True(TinyCheckpoint.Identical(expected, actual), key);
        }
    }

    [Fact]
    public void ComfyUiFile_LoadsStrictlyIntoABf16Module()
    {
        var diffusers = TinyCheckpoint.ReadAll();
        string path = Path.Combine(_dir, "z_image_comfy.safetensors");
        SafeTensorsWriter.Save(path, ToComfyUi(diffusers, ComfyUiTransformerConverter.Prefix));
        using var module = ParameterTree.FromShapes(diffusers.Select(p => (p.Key, p.Value.shape)), ScalarType.BFloat16);

        using (WeightSource source = TransformerWeights.Open(path)) source.LoadInto(module);

        foreach (var (key, value) in module.state_dict())
        {
            using var expected = diffusers[key].to(ScalarType.BFloat16);
            Assert.True(TinyCheckpoint.Identical(expected, value), key);
        }
    }

    [Fact]
    public void DiffusersFile_IsDetectedAndPassedThroughUnconverted()
    {
        Assert.Equal(WeightLayout.DiffusersFile, TransformerWeights.DetectLayout(TinyCheckpoint.PathOnDisk));
        using WeightSource source = TransformerWeights.Open(TinyCheckpoint.PathOnDisk);
        Assert.IsType<SafeTensorsWeightSource>(source);
    }

    [Theory]
    [InlineData("model.diffusion_model.layers.3.attention.qkv.weight", "layers.3.attention.to_q.weight|layers.3.attention.to_k.weight|layers.3.attention.to_v.weight")]
    [InlineData("context_refiner.0.attention.out.weight", "context_refiner.0.attention.to_out.0.weight")]
    [InlineData("noise_refiner.1.attention.q_norm.weight", "noise_refiner.1.attention.norm_q.weight")]
    [InlineData("layers.0.attention.k_norm.weight", "layers.0.attention.norm_k.weight")]
    [InlineData("model.diffusion_model.x_embedder.bias", "all_x_embedder.2-1.bias")]
    [InlineData("final_layer.adaLN_modulation.1.weight", "all_final_layer.2-1.adaLN_modulation.1.weight")]
    [InlineData("model.diffusion_model.norm_final.weight", "")]
    [InlineData("all_x_embedder.2-1.weight", "all_x_embedder.2-1.weight")] // already diffusers: "x_embedder" only at a segment boundary
    [InlineData("layers.0.attention.to_out.0.weight", "layers.0.attention.to_out.0.weight")]
    [InlineData("model.diffusion_model.cap_embedder.1.weight", "cap_embedder.1.weight")]
    public void KeyTable_ConvertsEachComfyUiName(string comfy, string expected)
    {
        var converted = ComfyUiTransformerConverter.Convert(comfy);
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), converted.Select(c => c.Key));
        Assert.All(converted, c => Assert.Equal(comfy, c.Mapping.SourceKey));
        Assert.Equal(Enumerable.Range(0, converted.Count), converted.Select(c => c.Mapping.Part));
    }

    [Fact]
    public void FusedQkvThatCannotBeSplitInThree_IsAnErrorNamingFileAndKey()
    {
        string path = Path.Combine(_dir, "bad.safetensors");
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["layers.0.attention.qkv.weight"] = zeros(8, 4) });
        using WeightSource source = TransformerWeights.Open(path);

        var e = Assert.Throws<SafeTensorsFormatException>(() => source.Entry("layers.0.attention.to_k.weight"));

        Assert.Equal("layers.0.attention.qkv.weight", e.Key);
        Assert.Equal(path, e.FilePath);
        Assert.Contains("3 equal parts", e.Message);
    }

    [Fact]
    public void TwoComfyUiKeysConvertingToOneDiffusersKey_IsAnError()
    {
        string path = Path.Combine(_dir, "clash.safetensors");
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor>
        {
            ["model.diffusion_model.x_embedder.weight"] = zeros(2),
            ["all_x_embedder.2-1.weight"] = zeros(2),
        });
        var e = Assert.Throws<SafeTensorsFormatException>(() => TransformerWeights.Open(path));
        Assert.Contains("all_x_embedder.2-1.weight", e.Message);
    }
}
