using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.IO;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SafeTensorsTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ReadsTheReferenceFilesHeaderAndConfigMetadata()
    {
        using var file = ReferenceCases.Open("zimage_tiny_a_weights.safetensors");
        Assert.Contains("layers.0.attention.to_q.weight", file.Keys);
        Assert.Equal(64, ReferenceCases.Config(file).GetProperty("dim").GetInt32());
        using var q = file.Read("layers.0.attention.to_q.weight");
        Assert.Equal([64L, 64L], q.shape);
        Assert.True(q.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void SaveThenOpen_RoundTripsValuesDtypesAndMetadata()
    {
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["a.weight"] = randn(3, 5),
            ["b"] = HeldTensorOps.Arange(0, 7, dtype: ScalarType.Int64),
            ["c"] = randn(4).to(ScalarType.BFloat16),
        };
        string path = Path.Combine(_dir, "x.safetensors");
        SafeTensorsWriter.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
        foreach (var (key, expected) in tensors)
        {
            using var actual = file.Read(key);
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.True(expected.eq(actual).all().item<bool>(), key);
        }
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void TruncatedFile_IsRejectedNamingFileAndKey()
    {
        string path = Path.Combine(_dir, "t.safetensors");
        using (var scope = NewDisposeScope())
            SafeTensorsWriter.Save(path, new Dictionary<string, Tensor> { ["big"] = zeros(1000) });
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length - 100);

        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path));
        Assert.Equal("big", e.Key);
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void GarbageHeader_IsRejected()
    {
        string path = Path.Combine(_dir, "g.safetensors");
        File.WriteAllBytes(path, [.. BitConverter.GetBytes(4L), .. "{nop"u8.ToArray()]);
        var e = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsFile.Open(path));
        Assert.Contains("not valid JSON", e.Message);
    }
}
