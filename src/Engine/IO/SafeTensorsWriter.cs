using System.Text;
using System.Text.Json;
using ZImageSweep.Contracts.Artifacts;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.IO;

/// <summary>Writes safetensors files atomically: a temporary file, flushed to disk, then renamed over the target.</summary>
public static class SafeTensorsWriter
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = tensors.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>(StringComparer.Ordinal);
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var (key, tensor) in ordered)
        {
            long bytes = tensor.numel() * SafeTensorsDType.ElementSize(tensor.dtype);
            header[key] = new { dtype = SafeTensorsDType.Name(tensor.dtype), shape = tensor.shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        int padded = (json.Length + 7) / 8 * 8; // newer writers align the data section to 8 bytes with spaces
        var headerBytes = new byte[padded];
        Array.Fill(headerBytes, (byte)' ');
        json.CopyTo(headerBytes, 0);

        AtomicFile.Write(path, stream =>
        {
            stream.Write(BitConverter.GetBytes((long)padded));
            stream.Write(headerBytes);
            foreach (var (_, tensor) in ordered)
            {
                using var contiguous = tensor.detach().cpu().contiguous();
                if (contiguous.numel() > 0) contiguous.WriteBytesToStream(stream);
            }
        });
    }
}
