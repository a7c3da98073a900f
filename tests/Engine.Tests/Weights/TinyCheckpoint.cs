using System.Text.Json;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Weights;

/// <summary>Test data built from the tiny Z-Image reference weights (diffusers keys, float32).</summary>
static class TinyCheckpoint
{
    public const string FileName = "zimage_tiny_a_weights.safetensors";

    public static string PathOnDisk => Path.Combine(ReferenceCases.Directory, FileName);

    /// <summary>Every tensor of the reference file, in the caller's dispose scope.</summary>
    public static Dictionary<string, Tensor> ReadAll()
    {
        using var file = ReferenceCases.Open(FileName);
        return file.Keys.ToDictionary(k => k, k => file.Read(k), StringComparer.Ordinal);
    }

    /// <summary>
    /// Writes the tensors as <paramref name="shards"/> safetensors shards plus a diffusers-style index
    /// (<c>{baseName}-0000i-of-0000n.safetensors</c>, <c>{baseName}.safetensors.index.json</c>); returns the index path.
    /// </summary>
    public static string WriteSharded(string directory, IReadOnlyDictionary<string, Tensor> tensors, int shards, string baseName = "diffusion_pytorch_model")
    {
        var keys = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var weightMap = new SortedDictionary<string, string>(StringComparer.Ordinal);
        long totalSize = 0;
        for (int i = 0; i < shards; i++)
        {
            string name = $"{baseName}-{i + 1:D5}-of-{shards:D5}.safetensors";
            var part = keys.Where((_, j) => j % shards == i).ToDictionary(k => k, k => tensors[k]);
            SafeTensorsWriter.Save(Path.Combine(directory, name), part);
            foreach (var (key, tensor) in part)
            {
                weightMap[key] = name;
                totalSize += tensor.numel() * tensor.element_size();
            }
        }
        string index = Path.Combine(directory, baseName + SafeTensorsIndex.Suffix);
        File.WriteAllText(index, JsonSerializer.Serialize(new { metadata = new { total_size = totalSize }, weight_map = weightMap }));
        return index;
    }

    public static bool Identical(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
