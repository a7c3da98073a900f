using TorchSharp;
using ZImageSweep.Engine.IO;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Weights;

/// <summary>
/// A checkpoint seen as a state dict: key → tensor, read lazily one tensor at a time, over one safetensors file,
/// a sharded set (<c>*.safetensors.index.json</c>), a folder of files, or a key conversion of another source.
/// Disposing closes the files.
/// </summary>
/// <remarks>
/// Memory: nothing is read until <see cref="Read"/>; a read allocates exactly one tensor in the file's dtype and,
/// when a dtype is asked for, casts it and frees the original. <see cref="StateDictLoader"/> disposes each tensor
/// after copying it into the module, so loading the 24.6 GB float32 Turbo transformer into a bf16 module holds at
/// most one float32 tensor (the largest is 157 MB) besides the module's own bf16 parameters.
/// </remarks>
public abstract class WeightSource : ITensorSource, IDisposable
{
    /// <summary>What this source was opened from (a file, an index or a folder), used in error messages.</summary>
    public abstract string Name { get; }
    public abstract IReadOnlyCollection<string> Keys { get; }
    public abstract IReadOnlyList<string> Paths { get; }
    public abstract bool Contains(string key);

    /// <exception cref="SafeTensorsFormatException">no such key.</exception>
    public abstract TensorInfo Entry(string key);

    /// <exception cref="SafeTensorsFormatException">no such key, or the file cannot be read.</exception>
    public abstract Tensor Read(string key, ScalarType? dtype = null);

    /// <summary>Rows [start, start + count) of dimension 0. The default reads the whole tensor; file sources read only the rows.</summary>
    public virtual Tensor ReadRows(string key, long start, long count, ScalarType? dtype = null)
    {
        using Tensor whole = Read(key, dtype);
        return whole.narrow(0, start, count).clone();
    }

    /// <summary>Loads this source into <paramref name="module"/> with <see cref="StateDictLoader"/> (strict key and shape checks).</summary>
    public void LoadInto(nn.Module module, bool strict = true) => StateDictLoader.Load(module, this, mapKey: null, strict);

    public abstract void Dispose();

    /// <summary>Opens a <c>.safetensors</c> file, a <c>*.safetensors.index.json</c> sharded set, or a folder.</summary>
    public static WeightSource Open(string path)
    {
        if (Directory.Exists(path)) return OpenFolder(path);
        if (path.EndsWith(SafeTensorsIndex.Suffix, StringComparison.Ordinal)) return OpenSharded(path);
        return OpenFile(path);
    }

    public static WeightSource OpenFile(string path)
    {
        if (!File.Exists(path)) throw new ModelFileNotFoundException(Path.GetFullPath(path), "weights file not found");
        return SafeTensorsWeightSource.FromFiles(Path.GetFullPath(path), [Path.GetFullPath(path)]);
    }

    /// <summary>Opens a sharded checkpoint: every shard must exist now; each is opened (and checked against the index) on first use.</summary>
    /// <exception cref="ModelFileNotFoundException">the index or a shard is missing; names both.</exception>
    public static WeightSource OpenSharded(string indexPath)
    {
        if (!File.Exists(indexPath)) throw new ModelFileNotFoundException(Path.GetFullPath(indexPath), "safetensors index not found");
        return SafeTensorsWeightSource.FromIndex(SafeTensorsIndex.Read(indexPath));
    }

    /// <summary>
    /// A folder: its single <c>*.safetensors.index.json</c> if it has one, else every <c>*.safetensors</c> file in it
    /// (a key in two files is an error).
    /// </summary>
    public static WeightSource OpenFolder(string directory)
    {
        directory = Path.GetFullPath(directory);
        if (!Directory.Exists(directory)) throw new ModelFileNotFoundException(directory, "weights folder not found");
        string[] indexes = Directory.GetFiles(directory, "*" + SafeTensorsIndex.Suffix);
        if (indexes.Length > 1)
            throw new ModelFileNotFoundException(directory, $"the folder has {indexes.Length} safetensors indexes ({string.Join(", ", indexes.Select(Path.GetFileName))}); open one of them");
        if (indexes.Length == 1) return OpenSharded(indexes[0]);
        string[] files = Directory.GetFiles(directory, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new ModelFileNotFoundException(directory, "the folder has no *.safetensors file");
        return SafeTensorsWeightSource.FromFiles(directory, files);
    }
}
