using System.Text.Json;

namespace ZImageSweep.Engine.IO;

/// <summary>
/// A sharded checkpoint's <c>*.safetensors.index.json</c>: <c>weight_map</c> (tensor key → shard file name, relative
/// to the index's folder) and the optional <c>metadata.total_size</c>.
/// </summary>
/// <remarks>
/// <c>total_size</c> is informational only: Z-Image-Turbo's transformer index states the bf16 size (12.3 GB) while
/// its shards hold float32 tensors (24.6 GB), so it is exposed but never used to reject a checkpoint.
/// </remarks>
public sealed record SafeTensorsIndex(string Path, IReadOnlyDictionary<string, string> WeightMap, long? TotalSize)
{
    public const string Suffix = ".safetensors.index.json";

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    /// <summary>The distinct shard file names, in order of first appearance.</summary>
    public IReadOnlyList<string> Shards => WeightMap.Values.Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The full path of each of <see cref="Shards"/>, in the same order.</summary>
    public IReadOnlyList<string> ShardPaths => Shards.Select(s => System.IO.Path.Combine(Directory, s)).ToList();

    /// <exception cref="FileNotFoundException">the index does not exist.</exception>
    /// <exception cref="SafeTensorsFormatException">the index is not valid JSON or lacks a usable weight_map.</exception>
    public static SafeTensorsIndex Read(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors index not found: {path}", path);
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(path, null, $"index is not valid JSON ({e.Message})");
        }
        using (json)
        {
            JsonElement root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weight_map", out JsonElement map) || map.ValueKind != JsonValueKind.Object)
                throw new SafeTensorsFormatException(path, null, "index has no 'weight_map' object");
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty entry in map.EnumerateObject())
            {
                string shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : "";
                // A shard name must stay inside the index's folder: no rooted paths, no "..".
                if (shard.Length == 0 || System.IO.Path.IsPathRooted(shard) || shard.Split('/', '\\').Contains(".."))
                    throw new SafeTensorsFormatException(path, entry.Name, $"weight_map value {entry.Value.GetRawText()} is not a shard file name");
                weightMap[entry.Name] = shard;
            }
            if (weightMap.Count == 0) throw new SafeTensorsFormatException(path, null, "index 'weight_map' is empty");
            return new SafeTensorsIndex(path, weightMap, ReadTotalSize(root));
        }
    }

    static long? ReadTotalSize(JsonElement root) =>
        root.TryGetProperty("metadata", out JsonElement metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("total_size", out JsonElement size) && size.ValueKind == JsonValueKind.Number
        ? size.TryGetInt64(out long value) ? value : (long)size.GetDouble() // some writers store it as 1.23e10
        : null;
}
