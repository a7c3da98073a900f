using static TorchSharp.torch;

namespace ZImageSweep.Engine.IO;

/// <summary>
/// Already opened safetensors files seen as one <see cref="ITensorSource"/> (not owned, not disposed). A key present
/// in several files resolves to the last one, which is what <see cref="StateDictLoader"/> always did with a file list.
/// </summary>
sealed class SafeTensorsFileSet : ITensorSource
{
    readonly Dictionary<string, SafeTensorsFile> _files = new(StringComparer.Ordinal);

    public SafeTensorsFileSet(IReadOnlyList<SafeTensorsFile> files)
    {
        Paths = files.Select(f => f.Path).ToList();
        foreach (SafeTensorsFile file in files)
            foreach (string key in file.Keys) _files[key] = file;
    }

    public IReadOnlyCollection<string> Keys => _files.Keys;
    public IReadOnlyList<string> Paths { get; }

    public TensorInfo Entry(string key)
    {
        SafeTensorsFile file = File(key);
        SafeTensorEntry entry = file.Entry(key);
        return new TensorInfo(key, entry.DType, entry.Shape, file.Path);
    }

    public Tensor Read(string key, ScalarType? dtype = null) => File(key).Read(key, dtype);

    SafeTensorsFile File(string key) =>
        _files.TryGetValue(key, out var file) ? file : throw new KeyNotFoundException($"no tensor '{key}' in {string.Join(", ", Paths)}");
}
