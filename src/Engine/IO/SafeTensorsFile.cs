using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.IO;

/// <summary>Where one tensor lives in a safetensors file.</summary>
public sealed record SafeTensorEntry(string Key, ScalarType DType, long[] Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// A safetensors file opened for reading: the JSON header is parsed and validated up front, tensors are read one
/// at a time straight from the file into their own storage, so a 10 GB shard never sits in memory as a whole.
/// Format: u64 little-endian header length, a JSON header mapping keys to {dtype, shape, data_offsets} plus an
/// optional "__metadata__" string map, then the raw little-endian tensor bytes.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    const long MaxHeaderBytes = 100L << 20;
    readonly FileStream _stream;
    readonly long _dataStart;
    readonly Dictionary<string, SafeTensorEntry> _entries;

    public string Path { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    public IReadOnlyCollection<string> Keys => _entries.Keys;
    public IEnumerable<SafeTensorEntry> Entries => _entries.Values;

    SafeTensorsFile(string path, FileStream stream, long dataStart, Dictionary<string, SafeTensorEntry> entries, Dictionary<string, string> metadata)
    {
        Path = path;
        _stream = stream;
        _dataStart = dataStart;
        _entries = entries;
        Metadata = metadata;
    }

    /// <exception cref="FileNotFoundException">the file does not exist.</exception>
    /// <exception cref="SafeTensorsFormatException">the header is malformed or points outside the file.</exception>
    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file not found: {path}", path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        try
        {
            return Parse(path, stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    static SafeTensorsFile Parse(string path, FileStream stream)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8 || stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            throw new SafeTensorsFormatException(path, null, "file is shorter than the 8-byte header length");
        long headerLength = BitConverter.ToInt64(lengthBytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > stream.Length)
            throw new SafeTensorsFormatException(path, null, $"header length {headerLength} does not fit the file ({stream.Length} bytes): truncated or not a safetensors file");
        var header = new byte[headerLength];
        stream.ReadExactly(header);

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new SafeTensorsFormatException(path, null, $"header is not valid JSON ({e.Message})");
        }

        long dataStart = 8 + headerLength, dataLength = stream.Length - dataStart;
        var entries = new Dictionary<string, SafeTensorEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        using (json)
        {
            foreach (JsonProperty property in json.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (JsonProperty m in property.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    continue;
                }
                SafeTensorEntry entry = ParseEntry(path, property);
                if (entry.End > dataLength)
                    throw new SafeTensorsFormatException(path, entry.Key, $"data ends at byte {entry.End} but the file has only {dataLength} data bytes: the file is truncated");
                entries[entry.Key] = entry;
            }
        }
        return new SafeTensorsFile(path, stream, dataStart, entries, metadata);
    }

    static SafeTensorEntry ParseEntry(string path, JsonProperty property)
    {
        string key = property.Name;
        try
        {
            JsonElement e = property.Value;
            ScalarType dtype = SafeTensorsDType.Parse(e.GetProperty("dtype").GetString() ?? "", path, key);
            long[] shape = e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            long[] offsets = e.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw new SafeTensorsFormatException(path, key, "data_offsets must be [begin, end] with 0 <= begin <= end");
            var entry = new SafeTensorEntry(key, dtype, shape, offsets[0], offsets[1]);
            long expected = entry.ElementCount * SafeTensorsDType.ElementSize(dtype);
            if (offsets[1] - offsets[0] != expected)
                throw new SafeTensorsFormatException(path, key, $"shape [{string.Join(", ", shape)}] of {dtype} needs {expected} bytes but data_offsets span {offsets[1] - offsets[0]}");
            return entry;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new SafeTensorsFormatException(path, key, $"entry is malformed ({e.Message})");
        }
    }

    public bool Contains(string key) => _entries.ContainsKey(key);

    public SafeTensorEntry Entry(string key) =>
        _entries.TryGetValue(key, out var entry) ? entry : throw new SafeTensorsFormatException(Path, key, "no such tensor in this file");

    /// <summary>Reads one tensor into a new CPU tensor of the file's dtype, then casts to <paramref name="dtype"/> if given.</summary>
    public Tensor Read(string key, ScalarType? dtype = null)
    {
        SafeTensorEntry entry = Entry(key);
        var tensor = empty(entry.Shape, entry.DType);
        if (entry.ElementCount > 0)
        {
            lock (_stream)
            {
                _stream.Position = _dataStart + entry.Begin;
                tensor.ReadBytesFromStream(_stream);
            }
        }
        if (dtype is null || dtype == entry.DType) return tensor;
        using (tensor) return tensor.to(dtype.Value);
    }

    /// <summary>
    /// Reads rows [<paramref name="start"/>, start + <paramref name="count"/>) of dimension 0 without reading the
    /// rest of the tensor: rows of a row-major tensor are one contiguous byte range. Used to split fused weights
    /// (a [3·dim, dim] qkv matrix into q, k and v) straight from the file.
    /// </summary>
    public Tensor ReadRows(string key, long start, long count, ScalarType? dtype = null)
    {
        SafeTensorEntry entry = Entry(key);
        if (entry.Shape.Length == 0 || start < 0 || count < 0 || start + count > entry.Shape[0])
            throw new SafeTensorsFormatException(Path, key, $"rows [{start}, {start + count}) are outside shape [{string.Join(", ", entry.Shape)}]");
        long[] shape = [count, .. entry.Shape[1..]];
        long rowBytes = entry.Shape[1..].Aggregate(1L, (a, b) => a * b) * SafeTensorsDType.ElementSize(entry.DType);
        var tensor = empty(shape, entry.DType);
        if (tensor.numel() > 0)
        {
            lock (_stream)
            {
                _stream.Position = _dataStart + entry.Begin + start * rowBytes;
                tensor.ReadBytesFromStream(_stream);
            }
        }
        if (dtype is null || dtype == entry.DType) return tensor;
        using (tensor) return tensor.to(dtype.Value);
    }

    public void Dispose() => _stream.Dispose();
}
