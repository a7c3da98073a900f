using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Models.Qwen3;

/// <summary>Structure, loading and input checks of the Qwen3 encoder (numbers: <see cref="Qwen3ReferenceTests"/>).</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class Qwen3ModelTests : IDisposable
{
    const string TinyWeights = "qwen3_tiny_a_weights.safetensors";
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-qwen3-").FullName;

    public Qwen3ModelTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static Qwen3Config TinyConfig()
    {
        using SafeTensorsFile file = ReferenceCases.Open(TinyWeights);
        return Qwen3ConfigReader.FromJson(ReferenceCases.Config(file).GetRawText(), TinyWeights);
    }

    static string TinyPath => Path.Combine(ReferenceCases.Directory, TinyWeights);

    /// <summary>A copy of the tiny weights with keys removed and/or added.</summary>
    string EditedWeights(string[] drop, string[] add)
    {
        using var scope = NewDisposeScope();
        using SafeTensorsFile file = ReferenceCases.Open(TinyWeights);
        var tensors = file.Keys.Where(k => !drop.Contains(k)).ToDictionary(k => k, k => file.Read(k));
        foreach (string key in add) tensors[key] = zeros(4);
        string path = Path.Combine(_dir, "edited.safetensors");
        SafeTensorsWriter.Save(path, tensors, new Dictionary<string, string>());
        return path;
    }

    [Fact]
    public void Qwen3_4B_OnTheMetaDevice_HasExactlyTheCheckpointKeysAndShapes()
    {
        // docs/model.md#text-encoder-keys: 36·11 + 2 = 398 tensors, all with the model. prefix.
        using var encoder = new Qwen3ForTextEncoding(Qwen3Config.Qwen3_4B, Qwen3Depth.Full, new Device(DeviceType.META));
        var expected = new Dictionary<string, long[]> { ["model.embed_tokens.weight"] = [151936, 2560], ["model.norm.weight"] = [2560] };
        for (int i = 0; i < 36; i++)
        {
            string p = $"model.layers.{i}.";
            expected[p + "self_attn.q_proj.weight"] = [4096, 2560];
            expected[p + "self_attn.k_proj.weight"] = [1024, 2560];
            expected[p + "self_attn.v_proj.weight"] = [1024, 2560];
            expected[p + "self_attn.o_proj.weight"] = [2560, 4096];
            expected[p + "self_attn.q_norm.weight"] = [128];
            expected[p + "self_attn.k_norm.weight"] = [128];
            expected[p + "mlp.gate_proj.weight"] = [9728, 2560];
            expected[p + "mlp.up_proj.weight"] = [9728, 2560];
            expected[p + "mlp.down_proj.weight"] = [2560, 9728];
            expected[p + "input_layernorm.weight"] = [2560];
            expected[p + "post_attention_layernorm.weight"] = [2560];
        }
        var actual = encoder.state_dict();
        Assert.Equal(398, expected.Count);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, shape) in expected) Assert.True(shape.SequenceEqual(actual[key].shape), key);
    }

    [Fact]
    public void HiddenStatesMinus2Depth_Builds35Of36LayersAndNoFinalNorm()
    {
        using var encoder = new Qwen3ForTextEncoding(Qwen3Config.Qwen3_4B, Qwen3Depth.HiddenStatesMinus2, new Device(DeviceType.META));
        var keys = encoder.state_dict().Keys.ToList();
        Assert.Equal(35 * 11 + 1, keys.Count);
        Assert.DoesNotContain("model.norm.weight", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("model.layers.35.", StringComparison.Ordinal));
    }

    [Fact]
    public void LayerKeyList_MatchesTheDecoderLayerModule()
    {
        using var layer = new Qwen3DecoderLayer(TinyConfig(), null, ScalarType.Float32);
        Assert.Equal(Qwen3ForTextEncoding.LayerKeys.Order(), layer.state_dict().Keys.Order());
    }

    [Fact]
    public void TruncatedDepth_StillRejectsUnexpectedKeys_EvenInsideTheSkippedLayer()
    {
        string path = EditedWeights([], ["model.layers.2.self_attn.rotary_emb.inv_freq", "model.extra.weight"]);
        var e = Assert.Throws<StateDictMismatchException>(() => Qwen3ForTextEncoding.Load(TinyConfig(), [path], Qwen3Depth.HiddenStatesMinus2));
        Assert.Equal(2, e.Unexpected.Count);
        Assert.Contains("model.layers.2.self_attn.rotary_emb.inv_freq", e.Message);
        Assert.Contains("model.extra.weight", e.Message);
    }

    [Fact]
    public void TruncatedDepth_AcceptsAFileWithoutTheSkippedKeys()
    {
        string[] skipped = [.. Qwen3ForTextEncoding.LayerKeys.Select(k => "model.layers.2." + k), "model.norm.weight"];
        using var encoder = Qwen3ForTextEncoding.Load(TinyConfig(), [EditedWeights(skipped, [])], Qwen3Depth.HiddenStatesMinus2);
        Assert.All(encoder.parameters(), p => Assert.False(p.requires_grad));
    }

    [Fact]
    public void MissingKey_IsAnErrorNamingTheKey()
    {
        string path = EditedWeights(["model.layers.1.mlp.up_proj.weight"], []);
        var e = Assert.Throws<StateDictMismatchException>(() => Qwen3ForTextEncoding.Load(TinyConfig(), [path]));
        Assert.Equal(["model.layers.1.mlp.up_proj.weight"], e.Missing);
        Assert.Contains("edited.safetensors", e.Message);
    }

    [Fact]
    public void ConfigThatDisagreesWithTheWeights_IsAnErrorNamingFileAndKey()
    {
        Qwen3Config wrong = TinyConfig() with { IntermediateSize = 96 };
        var e = Assert.Throws<SafeTensorsFormatException>(() => Qwen3ForTextEncoding.Load(wrong, [TinyPath]));
        Assert.Equal(TinyPath, e.FilePath);
        Assert.Matches(@"^model\.layers\.\d\.mlp\.(gate|up|down)_proj\.weight$", e.Key);
        Assert.Matches(@"\[(128, 64|64, 128)\] does not match .*\[(96, 64|64, 96)\]", e.Message); // file's and model's shapes
    }

    /// <summary>A transformers folder: config.json, the tiny weights split over two shards, their index, and a stray file.</summary>
    string ShardedFolder(string shardOfFirstKey)
    {
        using var scope = NewDisposeScope();
        using SafeTensorsFile file = ReferenceCases.Open(TinyWeights);
        File.WriteAllText(Path.Combine(_dir, "config.json"), ReferenceCases.Config(file).GetRawText());
        string[] keys = [.. file.Keys.Order(StringComparer.Ordinal)];
        var shards = new[] { "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors" };
        var weightMap = keys.Select((k, i) => (k, shard: shards[i % 2])).ToDictionary(p => p.k, p => p.shard);
        foreach (string shard in shards)
            SafeTensorsWriter.Save(Path.Combine(_dir, shard),
                weightMap.Where(p => p.Value == shard).ToDictionary(p => p.Key, p => file.Read(p.Key)), new Dictionary<string, string>());
        SafeTensorsWriter.Save(Path.Combine(_dir, "stray.safetensors"), new Dictionary<string, Tensor> { ["stray.weight"] = zeros(4) }, new Dictionary<string, string>());
        weightMap[keys[0]] = shardOfFirstKey;
        File.WriteAllText(Path.Combine(_dir, "model.safetensors.index.json"), System.Text.Json.JsonSerializer.Serialize(new { weight_map = weightMap }));
        return _dir;
    }

    [Fact]
    public void FromPretrained_LoadsTheShardsTheIndexNames()
    {
        using var sharded = Qwen3ForTextEncoding.FromPretrained(ShardedFolder("model-00001-of-00002.safetensors"), Qwen3Depth.Full, dtype: ScalarType.Float32);
        using var single = Qwen3ForTextEncoding.Load(TinyConfig(), [TinyPath], Qwen3Depth.Full);
        Assert.All(single.state_dict(), p => Assert.True(p.Value.equal(sharded.state_dict()[p.Key]).all().item<bool>(), p.Key));
    }

    [Fact]
    public void FromPretrained_RejectsAnIndexNamingAShardOutsideTheFolder()
    {
        string folder = ShardedFolder("../model-00001-of-00002.safetensors");
        var e = Assert.Throws<SafeTensorsFormatException>(() => Qwen3ForTextEncoding.FromPretrained(folder, Qwen3Depth.Full, dtype: ScalarType.Float32));
        Assert.EndsWith("model.safetensors.index.json", e.FilePath);
        Assert.Contains("not a shard file name", e.Message);
    }

    [Theory]
    [InlineData(1000L)]
    [InlineData(-1L)]
    public void TokenIdsOutsideTheVocabulary_AreAClearError(long badId)
    {
        using var encoder = Qwen3ForTextEncoding.Load(TinyConfig(), [TinyPath], Qwen3Depth.HiddenStatesMinus2);
        using Tensor ids = tensor(new[] { 1L, 2L, badId });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => encoder.forward(ids, null));
        Assert.Contains("[0, 1000) (vocab_size)", e.Message);
        Assert.Contains(badId.ToString(), e.Message);
    }

    [Fact]
    public void NonIntegerIdsOrAMismatchedMask_AreArgumentErrors()
    {
        using var encoder = Qwen3ForTextEncoding.Load(TinyConfig(), [TinyPath], Qwen3Depth.HiddenStatesMinus2);
        using var scope = NewDisposeScope();
        Assert.Contains("int64 or int32", Assert.Throws<ArgumentException>(() => encoder.forward(tensor(new[] { 1f, 2f }), null)).Message);
        Assert.Contains("attention_mask", Assert.Throws<ArgumentException>(() => encoder.forward(ones(2, 5, ScalarType.Int64), ones(2, 4))).Message);
        Assert.Contains("L ≥ 1", Assert.Throws<ArgumentException>(() => encoder.forward(zeros(1, 0, ScalarType.Int64), null)).Message);
    }

    [Fact]
    public void OutputShape_FollowsTheInput()
    {
        using var encoder = Qwen3ForTextEncoding.Load(TinyConfig(), [TinyPath]);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        Assert.Equal([5L, 64L], encoder.forward(ones(5, ScalarType.Int32), null).HiddenMinus2.shape);
        var batched = encoder.forward(ones(3, 5, ScalarType.Int64), null);
        Assert.Equal([3L, 5L, 64L], batched.HiddenMinus2.shape);
        Assert.Equal([3L, 5L, 64L], batched.LastHidden!.shape);
    }
}
