using ZImageSweep.Engine.IO;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Weights;

/// <summary>
/// Tensors in one or more safetensors files. For a sharded checkpoint the keys come from the index and each shard's
/// header is read on first use, at which point the shard must hold exactly the keys the index assigns to it.
/// </summary>
public sealed class SafeTensorsWeightSource : WeightSource
{
    /// <summary>One file; <see cref="ExpectedKeys"/> is set for shards of an index and checked when the file is opened.</summary>
    sealed class Shard(string path, HashSet<string>? expectedKeys, string? indexPath)
    {
        SafeTensorsFile? _file;
        public string Path { get; } = path;
        public HashSet<string>? ExpectedKeys { get; } = expectedKeys;
        public bool IsOpen => _file is not null;

        public SafeTensorsFile File
        {
            get
            {
                if (_file is not null) return _file;
                lock (this)
                {
                    if (_file is null)
                    {
                        var file = SafeTensorsFile.Open(Path);
                        try { CheckAgainstIndex(file); }
                        catch { file.Dispose(); throw; }
                        _file = file;
                    }
                    return _file;
                }
            }
        }

        void CheckAgainstIndex(SafeTensorsFile file)
        {
            if (ExpectedKeys is null) return;
            string shard = System.IO.Path.GetFileName(Path);
            foreach (string key in ExpectedKeys.Where(k => !file.Contains(k)))
                throw new SafeTensorsFormatException(indexPath!, key, $"the index places this tensor in {shard}, which does not contain it");
            foreach (string key in file.Keys.Where(k => !ExpectedKeys.Contains(k)))
                throw new SafeTensorsFormatException(Path, key, $"this shard holds a tensor that {System.IO.Path.GetFileName(indexPath)} does not list");
        }

        public void Dispose() => _file?.Dispose();
    }

    readonly List<Shard> _shards;
    readonly Dictionary<string, Shard> _byKey;

    SafeTensorsWeightSource(string name, List<Shard> shards, Dictionary<string, Shard> byKey, SafeTensorsIndex? index)
    {
        Name = name;
        _shards = shards;
        _byKey = byKey;
        Index = index;
        Paths = shards.Select(s => s.Path).ToList();
    }

    public override string Name { get; }
    public override IReadOnlyCollection<string> Keys => _byKey.Keys;
    public override IReadOnlyList<string> Paths { get; }

    /// <summary>The index of a sharded checkpoint; null for plain files.</summary>
    public SafeTensorsIndex? Index { get; }

    /// <summary>How many files have had their header read (shards open lazily).</summary>
    public int OpenFileCount => _shards.Count(s => s.IsOpen);

    internal static SafeTensorsWeightSource FromFiles(string name, IReadOnlyList<string> paths)
    {
        var shards = new List<Shard>();
        var byKey = new Dictionary<string, Shard>(StringComparer.Ordinal);
        try
        {
            foreach (string path in paths)
            {
                var shard = new Shard(path, expectedKeys: null, indexPath: null);
                shards.Add(shard);
                foreach (string key in shard.File.Keys)
                {
                    if (byKey.TryGetValue(key, out var other))
                        throw new SafeTensorsFormatException(path, key, $"the tensor is also in {other.Path}");
                    byKey[key] = shard;
                }
            }
        }
        catch
        {
            foreach (var shard in shards) shard.Dispose();
            throw;
        }
        return new SafeTensorsWeightSource(name, shards, byKey, index: null);
    }

    internal static SafeTensorsWeightSource FromIndex(SafeTensorsIndex index)
    {
        var shards = new Dictionary<string, Shard>(StringComparer.Ordinal);
        foreach (string name in index.Shards)
        {
            string path = System.IO.Path.Combine(index.Directory, name);
            if (!File.Exists(path))
                throw new ModelFileNotFoundException(path, $"shard '{name}' listed in {index.Path} is missing");
            var keys = index.WeightMap.Where(p => p.Value == name).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            shards[name] = new Shard(path, keys, index.Path);
        }
        var byKey = index.WeightMap.ToDictionary(p => p.Key, p => shards[p.Value], StringComparer.Ordinal);
        return new SafeTensorsWeightSource(index.Path, [.. shards.Values], byKey, index);
    }

    /// <summary>Opens every shard now, so a broken index or shard fails here rather than halfway through a load.</summary>
    public void Verify()
    {
        foreach (var shard in _shards) _ = shard.File;
    }

    public override bool Contains(string key) => _byKey.ContainsKey(key);

    public override TensorInfo Entry(string key)
    {
        Shard shard = ShardOf(key);
        SafeTensorEntry entry = shard.File.Entry(key);
        return new TensorInfo(key, entry.DType, entry.Shape, shard.Path);
    }

    public override Tensor Read(string key, ScalarType? dtype = null) => ShardOf(key).File.Read(key, dtype);

    public override Tensor ReadRows(string key, long start, long count, ScalarType? dtype = null) =>
        ShardOf(key).File.ReadRows(key, start, count, dtype);

    Shard ShardOf(string key) =>
        _byKey.TryGetValue(key, out var shard) ? shard : throw new SafeTensorsFormatException(Name, key, "no such tensor in this checkpoint");

    public override void Dispose()
    {
        foreach (var shard in _shards) shard.Dispose();
    }
}
