using TorchSharp;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Weights;

/// <summary>
/// Loading streams one tensor at a time: the 24.6 GB float32 Turbo transformer must go into a bf16 module without a
/// float32 copy of the state dict in RAM. A spy source records what is read and checks, at every read, that each
/// tensor handed out before has already been disposed.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class StreamingLoadTests : IDisposable
{
    sealed class SpySource(WeightSource inner) : WeightSource
    {
        readonly List<Tensor> _handedOut = [];
        public List<string> Calls { get; } = [];
        public int MaxAliveAtRead { get; private set; }

        public override string Name => inner.Name;
        public override IReadOnlyCollection<string> Keys => inner.Keys;
        public override IReadOnlyList<string> Paths => inner.Paths;
        public override bool Contains(string key) => inner.Contains(key);
        public override TensorInfo Entry(string key) => inner.Entry(key);
        public override Tensor Read(string key, ScalarType? dtype = null) => Track($"Read {key}", inner.Read(key, dtype));
        public override Tensor ReadRows(string key, long start, long count, ScalarType? dtype = null) =>
            Track($"ReadRows {key} {start} {count}", inner.ReadRows(key, start, count, dtype));

        Tensor Track(string call, Tensor tensor)
        {
            MaxAliveAtRead = Math.Max(MaxAliveAtRead, _handedOut.Count(t => !t.IsInvalid));
            Calls.Add(call);
            _handedOut.Add(tensor);
            return tensor;
        }

        public override void Dispose() => inner.Dispose();
    }

    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-stream-").FullName;

    public StreamingLoadTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Float32CheckpointIntoBf16Module_ReadsEachTensorOnce_AndFreesItBeforeTheNext()
    {
        using var scope = NewDisposeScope();
        var tensors = TinyCheckpoint.ReadAll();
        using var module = ParameterTree.FromShapes(tensors.Select(p => (p.Key, p.Value.shape)), ScalarType.BFloat16);
        using var spy = new SpySource(WeightSource.Open(TinyCheckpoint.PathOnDisk));

        spy.LoadInto(module);

        Assert.Equal(0, spy.MaxAliveAtRead);
        Assert.Equal(tensors.Keys.Select(k => $"Read {k}").Order(), spy.Calls.Order());
        foreach (var (key, value) in module.state_dict())
        {
            Assert.Equal(ScalarType.BFloat16, value.dtype);
            using var expected = tensors[key].to(ScalarType.BFloat16);
            Assert.True(TinyCheckpoint.Identical(expected, value), key);
        }
    }

    [Fact]
    public void FusedQkv_IsSplitByReadingOnlyEachSlicesRows()
    {
        using var scope = NewDisposeScope();
        var qkv = HeldTensorOps.Arange(0, 3 * 4 * 2, dtype: ScalarType.Float32).reshape(12, 2); // q = rows 0-3, k = 4-7, v = 8-11
        string path = Path.Combine(_dir, "fused.safetensors");
        SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["model.diffusion_model.layers.0.attention.qkv.weight"] = qkv });
        var spy = new SpySource(WeightSource.Open(path));
        using WeightSource source = ComfyUiTransformerConverter.Convert(spy);

        using (var k = source.Read("layers.0.attention.to_k.weight", ScalarType.BFloat16))
        {
            Assert.Equal(ScalarType.BFloat16, k.dtype);
            Assert.True(TinyCheckpoint.Identical(qkv[4..8].to(ScalarType.BFloat16), k));
        }
        using (var v = source.Read("layers.0.attention.to_v.weight"))
            Assert.True(TinyCheckpoint.Identical(qkv[8..12].contiguous(), v));

        Assert.Equal(["ReadRows model.diffusion_model.layers.0.attention.qkv.weight 4 4", "ReadRows model.diffusion_model.layers.0.attention.qkv.weight 8 4"], spy.Calls);
    }

    [Fact]
    public void ReadRows_OutsideTheTensor_IsAnErrorNamingTheKey()
    {
        using var file = SafeTensorsFile.Open(TinyCheckpoint.PathOnDisk);
        var e = Assert.Throws<SafeTensorsFormatException>(() => file.ReadRows("x_pad_token", 0, 2));
        Assert.Equal("x_pad_token", e.Key);
    }
}
