using TorchSharp;
using System.Text.Json;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Weights;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SafeTensorsWeightSourceTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-ws-").FullName;
    readonly DisposeScope _scope;
    readonly Dictionary<string, Tensor> _tensors;

    public SafeTensorsWeightSourceTests()
    {
        LibTorchLoader.EnsureLoaded();
        _scope = NewDisposeScope();
        _tensors = TinyCheckpoint.ReadAll();
    }

    public void Dispose()
    {
        _scope.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void ShardedIndex_OpensShardsLazily_AndReadsEveryTensorUnchanged()
    {
        string index = TinyCheckpoint.WriteSharded(_dir, _tensors, shards: 3);

        using var source = (SafeTensorsWeightSource)WeightSource.Open(index);

        Assert.Equal(0, source.OpenFileCount);
        Assert.Equal(_tensors.Keys.Order(), source.Keys.Order());
        Assert.Equal(3, source.Paths.Count);
        Assert.Equal(_tensors.Values.Sum(t => t.numel() * 4), source.Index!.TotalSize);
        using (var q = source.Read("layers.0.attention.to_q.weight"))
            Assert.True(TinyCheckpoint.Identical(_tensors["layers.0.attention.to_q.weight"], q));
        Assert.Equal(1, source.OpenFileCount);
        foreach (var (key, expected) in _tensors)
        {
            using var actual = source.Read(key);
            Assert.True(TinyCheckpoint.Identical(expected, actual), key);
        }
        Assert.Equal(3, source.OpenFileCount);
    }

    [Fact]
    public void MissingShard_IsAnErrorNamingTheIndexAndTheShard()
    {
        string index = TinyCheckpoint.WriteSharded(_dir, _tensors, shards: 3);
        File.Delete(Path.Combine(_dir, "diffusion_pytorch_model-00002-of-00003.safetensors"));

        var e = Assert.Throws<ModelFileNotFoundException>(() => WeightSource.OpenSharded(index));

        Assert.Contains("diffusion_pytorch_model-00002-of-00003.safetensors", e.Message);
        Assert.Contains(index, e.Message);
        Assert.EndsWith("diffusion_pytorch_model-00002-of-00003.safetensors", e.FileName);
    }

    [Fact]
    public void IndexKeyAbsentFromItsShard_IsAnErrorNamingIndexShardAndKey()
    {
        string index = TinyCheckpoint.WriteSharded(_dir, _tensors, shards: 2);
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(index))!;
        var map = json["weight_map"].Deserialize<Dictionary<string, string>>()!;
        map["layers.9.attention.to_q.weight"] = "diffusion_pytorch_model-00001-of-00002.safetensors";
        File.WriteAllText(index, JsonSerializer.Serialize(new { weight_map = map }));

        using var source = (SafeTensorsWeightSource)WeightSource.Open(index);
        var e = Assert.Throws<SafeTensorsFormatException>(source.Verify);

        Assert.Equal("layers.9.attention.to_q.weight", e.Key);
        Assert.Equal(index, e.FilePath);
        Assert.Contains("diffusion_pytorch_model-00001-of-00002.safetensors", e.Message);
        Assert.Null(source.Index!.TotalSize);
    }

    [Fact]
    public void ShardHoldingATensorTheIndexDoesNotList_IsAnError()
    {
        string index = TinyCheckpoint.WriteSharded(_dir, _tensors, shards: 2);
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllText(index))!;
        var map = json["weight_map"].Deserialize<Dictionary<string, string>>()!;
        map.Remove("x_pad_token");
        File.WriteAllText(index, JsonSerializer.Serialize(new { weight_map = map }));

        using var source = (SafeTensorsWeightSource)WeightSource.Open(index);
        var e = Assert.Throws<SafeTensorsFormatException>(source.Verify);

        Assert.Equal("x_pad_token", e.Key);
        Assert.Contains("does not list", e.Message);
    }

    [Fact]
    public void TruncatedShard_IsAnErrorNamingTheShard_WhenFirstUsed()
    {
        string index = TinyCheckpoint.WriteSharded(_dir, _tensors, shards: 2);
        string shard = Path.Combine(_dir, "diffusion_pytorch_model-00002-of-00002.safetensors");
        using (var stream = new FileStream(shard, FileMode.Open)) stream.SetLength(stream.Length - 16);

        using var source = WeightSource.Open(index);
        string key = _tensors.Keys.Order(StringComparer.Ordinal).ElementAt(1); // shards take every other key
        var e = Assert.Throws<SafeTensorsFormatException>(() => source.Read(key));

        Assert.Equal(shard, e.FilePath);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData("{\"metadata\": {}}", "no 'weight_map'")]
    [InlineData("{\"weight_map\": {}}", "empty")]
    [InlineData("{\"weight_map\": {\"a\": \"../escape.safetensors\"}}", "not a shard file name")]
    [InlineData("{\"weight_map\": ", "not valid JSON")]
    public void MalformedIndex_IsRejectedNamingTheIndex(string json, string reason)
    {
        string index = Path.Combine(_dir, "model.safetensors.index.json");
        File.WriteAllText(index, json);

        var e = Assert.Throws<SafeTensorsFormatException>(() => WeightSource.Open(index));

        Assert.Equal(index, e.FilePath);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Folder_OfSeveralFiles_IsOneSource_AndADuplicateKeyIsAnError()
    {
        SafeTensorsWriter.Save(Path.Combine(_dir, "a.safetensors"), new Dictionary<string, Tensor> { ["x"] = ones(2), ["y"] = zeros(3) });
        SafeTensorsWriter.Save(Path.Combine(_dir, "b.safetensors"), new Dictionary<string, Tensor> { ["z"] = ones(4) });
        using (var source = WeightSource.Open(_dir))
        {
            Assert.Equal(["x", "y", "z"], source.Keys.Order());
            Assert.Equal([4L], source.Entry("z").Shape);
            Assert.EndsWith("b.safetensors", source.Entry("z").Path);
        }

        SafeTensorsWriter.Save(Path.Combine(_dir, "c.safetensors"), new Dictionary<string, Tensor> { ["y"] = ones(3) });
        var e = Assert.Throws<SafeTensorsFormatException>(() => WeightSource.Open(_dir));
        Assert.Equal("y", e.Key);
        Assert.Contains("a.safetensors", e.Message);
    }

    [Fact]
    public void Folder_WithAnIndex_OpensTheShardedSet()
    {
        TinyCheckpoint.WriteSharded(_dir, _tensors, shards: 2);
        using var source = WeightSource.Open(_dir);
        Assert.IsType<SafeTensorsWeightSource>(source);
        Assert.NotNull(((SafeTensorsWeightSource)source).Index);
        Assert.Equal(_tensors.Count, source.Keys.Count);
    }

    [Fact]
    public void UnknownKey_IsAnErrorNamingTheKey()
    {
        using var source = WeightSource.Open(TinyCheckpoint.PathOnDisk);
        var e = Assert.Throws<SafeTensorsFormatException>(() => source.Read("layers.7.nope"));
        Assert.Equal("layers.7.nope", e.Key);
        Assert.Throws<ModelFileNotFoundException>(() => WeightSource.Open(Path.Combine(_dir, "absent.safetensors")));
    }

    [Fact]
    public void StateDictLoader_LoadsAShardedSourceStrictly_IntoBf16()
    {
        string index = TinyCheckpoint.WriteSharded(_dir, _tensors, shards: 3);
        using var source = WeightSource.Open(index);
        using var module = ParameterTree.FromShapes(_tensors.Select(p => (p.Key, p.Value.shape)), ScalarType.BFloat16);

        source.LoadInto(module);

        foreach (var (key, value) in module.state_dict())
        {
            using var expected = _tensors[key].to(ScalarType.BFloat16);
            Assert.True(TinyCheckpoint.Identical(expected, value), key);
        }
    }

    [Fact]
    public void StateDictLoader_OnASource_ReportsMissingUnexpectedAndShapeErrors()
    {
        using var source = WeightSource.Open(TinyCheckpoint.PathOnDisk);
        var shapes = _tensors.Where(p => p.Key != "x_pad_token").Select(p => (p.Key, p.Value.shape)).Append(("extra.weight", new long[] { 2 }));
        using (var module = ParameterTree.FromShapes(shapes, ScalarType.Float32))
        {
            var e = Assert.Throws<StateDictMismatchException>(() => source.LoadInto(module));
            Assert.Equal(["extra.weight"], e.Missing);
            Assert.Equal(["x_pad_token (zimage_tiny_a_weights.safetensors)"], e.Unexpected);
        }
        var wrong = _tensors.Select(p => (p.Key, p.Key == "cap_pad_token" ? new long[] { 64, 1 } : p.Value.shape));
        using (var module = ParameterTree.FromShapes(wrong, ScalarType.Float32))
        {
            var e = Assert.Throws<SafeTensorsFormatException>(() => source.LoadInto(module));
            Assert.Equal("cap_pad_token", e.Key);
            Assert.EndsWith(TinyCheckpoint.FileName, e.FilePath);
        }
    }
}
