using static TorchSharp.torch;

namespace ZImageSweep.Engine.IO;

/// <summary>
/// Named tensors that are read on demand, one at a time (a safetensors file, a set of shards, a converted
/// checkpoint). This is what <see cref="StateDictLoader"/> loads from.
/// </summary>
public interface ITensorSource
{
    IReadOnlyCollection<string> Keys { get; }

    /// <summary>The files behind this source, for error messages.</summary>
    IReadOnlyList<string> Paths { get; }

    /// <summary>Dtype, shape and file of one tensor, without reading its data.</summary>
    TensorInfo Entry(string key);

    /// <summary>Reads one tensor into a new CPU tensor, cast to <paramref name="dtype"/> if given.</summary>
    Tensor Read(string key, ScalarType? dtype = null);
}
