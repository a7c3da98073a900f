using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Weights;

/// <summary>
/// Another source under new key names: each key maps to a source key, or to one dim-0 slice of it. Slices are read
/// lazily and only their rows are read from the file. Owns and disposes the inner source.
/// </summary>
public sealed class ConvertedWeightSource(WeightSource inner, IReadOnlyDictionary<string, KeyMapping> map) : WeightSource
{
    public WeightSource Inner { get; } = inner;
    public IReadOnlyDictionary<string, KeyMapping> Map { get; } = map;
    readonly IReadOnlyCollection<string> _keys = map.Keys.ToList();

    public override string Name => Inner.Name;
    public override IReadOnlyCollection<string> Keys => _keys;
    public override IReadOnlyList<string> Paths => Inner.Paths;
    public override bool Contains(string key) => Map.ContainsKey(key);

    public override TensorInfo Entry(string key)
    {
        KeyMapping mapping = MappingOf(key);
        TensorInfo source = Inner.Entry(mapping.SourceKey);
        return source with { Key = key, Shape = SliceShape(source, mapping) };
    }

    public override Tensor Read(string key, ScalarType? dtype = null)
    {
        KeyMapping mapping = MappingOf(key);
        if (mapping.Parts == 1) return Inner.Read(mapping.SourceKey, dtype);
        long rows = SliceShape(Inner.Entry(mapping.SourceKey), mapping)[0];
        return Inner.ReadRows(mapping.SourceKey, mapping.Part * rows, rows, dtype);
    }

    public override Tensor ReadRows(string key, long start, long count, ScalarType? dtype = null)
    {
        KeyMapping mapping = MappingOf(key);
        if (mapping.Parts == 1) return Inner.ReadRows(mapping.SourceKey, start, count, dtype);
        long rows = SliceShape(Inner.Entry(mapping.SourceKey), mapping)[0];
        if (start < 0 || count < 0 || start + count > rows)
            throw new SafeTensorsFormatException(Name, key, $"rows [{start}, {start + count}) are outside the slice's {rows} rows");
        return Inner.ReadRows(mapping.SourceKey, mapping.Part * rows + start, count, dtype);
    }

    static long[] SliceShape(TensorInfo source, KeyMapping mapping)
    {
        if (mapping.Parts == 1) return source.Shape;
        if (source.Shape.Length == 0 || source.Shape[0] % mapping.Parts != 0)
            throw new SafeTensorsFormatException(source.Path, source.Key,
                $"shape {ShapeText.Of(source.Shape)} cannot be split into {mapping.Parts} equal parts along dimension 0");
        return [source.Shape[0] / mapping.Parts, .. source.Shape[1..]];
    }

    KeyMapping MappingOf(string key) =>
        Map.TryGetValue(key, out var mapping) ? mapping : throw new SafeTensorsFormatException(Name, key, "no such tensor in this checkpoint");

    public override void Dispose() => Inner.Dispose();
}
