using static TorchSharp.torch;

namespace ZImageSweep.Engine.IO;

/// <summary>The safetensors dtype names TorchSharp can hold, both ways.</summary>
public static class SafeTensorsDType
{
    static readonly Dictionary<string, ScalarType> ByName = new(StringComparer.Ordinal)
    {
        ["F64"] = ScalarType.Float64, ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16, ["BF16"] = ScalarType.BFloat16,
        ["I64"] = ScalarType.Int64, ["I32"] = ScalarType.Int32, ["I16"] = ScalarType.Int16, ["I8"] = ScalarType.Int8,
        ["U8"] = ScalarType.Byte, ["BOOL"] = ScalarType.Bool,
    };

    public static ScalarType Parse(string name, string path, string key) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw new SafeTensorsFormatException(path, key, $"dtype '{name}' is not supported (supported: {string.Join(", ", ByName.Keys)})");

    public static string Name(ScalarType type) =>
        ByName.FirstOrDefault(p => p.Value == type).Key ?? throw new ArgumentException($"{type} has no safetensors dtype name", nameof(type));

    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new ArgumentException($"{type} has no safetensors dtype", nameof(type)),
    };
}
