using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.ModelConfigFiles;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.ZImage;

/// <summary>Loading from safetensors files: strict keys, F32 and BF16 sources cast to the run dtype.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ZImageLoadTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-zimage-").FullName;
    readonly string _reference = Path.Combine(ReferenceCases.Directory, "zimage_tiny_a_weights.safetensors");

    public ZImageLoadTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Rewrites the tiny reference weights with <paramref name="change"/> applied to the tensor map.</summary>
    string Rewrite(string name, Action<Dictionary<string, Tensor>> change)
    {
        using var scope = NewDisposeScope();
        using var source = SafeTensorsFile.Open(_reference);
        var tensors = source.Keys.ToDictionary(k => k, k => source.Read(k));
        change(tensors);
        string path = Path.Combine(_dir, name);
        SafeTensorsWriter.Save(path, tensors, new Dictionary<string, string> { ["config"] = source.Metadata["config"] });
        return path;
    }

    [Fact]
    public void Bf16SourceFile_LoadsIntoFloat32ModelAsTheRoundedValues()
    {
        string bf16File = Rewrite("bf16.safetensors", t => { foreach (var k in t.Keys.ToList()) t[k] = t[k].to(ScalarType.BFloat16); });
        using var fromBf16 = ZImageTransformer2DModel.Load([bf16File]);
        using var fromF32 = ZImageTransformer2DModel.Load([_reference]);

        var expected = fromF32.state_dict();
        foreach (var (key, value) in fromBf16.state_dict())
        {
            Assert.Equal(ScalarType.Float32, value.dtype);
            Assert.True(value.eq(expected[key].to(ScalarType.BFloat16).to(ScalarType.Float32)).all().item<bool>(), key);
        }
    }

    [Fact]
    public void Float32SourceFile_LoadsIntoBf16Model()
    {
        using var model = ZImageTransformer2DModel.Load([_reference], dtype: ScalarType.BFloat16);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
    }

    [Fact]
    public void WeightsSplitOverTwoFiles_LoadLikeOneFile()
    {
        string first = Rewrite("part1.safetensors", t => { foreach (var k in t.Keys.Where(k => k.StartsWith("layers.")).ToList()) t.Remove(k); });
        string second = Rewrite("part2.safetensors", t => { foreach (var k in t.Keys.Where(k => !k.StartsWith("layers.")).ToList()) t.Remove(k); });
        using var split = ZImageTransformer2DModel.Load([first, second]);
        using var whole = ZImageTransformer2DModel.Load([_reference]);
        var expected = whole.state_dict();
        Assert.All(split.state_dict(), kv => Assert.True(kv.Value.eq(expected[kv.Key]).all().item<bool>(), kv.Key));
    }

    [Fact]
    public void MissingKey_IsRejectedNamingTheKey()
    {
        string path = Rewrite("missing.safetensors", t => t.Remove("layers.1.attention.to_k.weight"));
        var e = Assert.Throws<StateDictMismatchException>(() => ZImageTransformer2DModel.Load([path]));
        Assert.Contains("layers.1.attention.to_k.weight", e.Missing);
    }

    [Fact]
    public void FileWithoutConfigMetadata_NeedsAnExplicitConfig()
    {
        using (var scope = NewDisposeScope())
            SafeTensorsWriter.Save(Path.Combine(_dir, "bare.safetensors"), new Dictionary<string, Tensor> { ["x_pad_token"] = zeros(1, 64) });
        var e = Assert.Throws<ModelConfigException>(() => ZImageTransformer2DModel.Load([Path.Combine(_dir, "bare.safetensors")]));
        Assert.Equal("config", e.Key);
    }
}
