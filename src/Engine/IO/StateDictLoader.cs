using TorchSharp;
using ZImageSweep.Contracts.Errors;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.IO;

/// <summary>
/// Loads a module's parameters and persistent buffers from safetensors files, one tensor at a time: each tensor is
/// read, cast to the destination's dtype, checked for shape and copied into place, so peak extra memory is one
/// tensor. Strict by default: every destination key must be present and every source key used.
/// </summary>
public static class StateDictLoader
{
    /// <param name="mapKey">Maps a file key to the module's key; null drops the tensor (e.g. a stray key a converter removes).</param>
    /// <exception cref="StateDictMismatchException">keys are missing or unexpected, or a shape differs.</exception>
    public static void Load(nn.Module module, IReadOnlyList<SafeTensorsFile> files, Func<string, string?>? mapKey = null, bool strict = true) =>
        Load(module, new SafeTensorsFileSet(files), mapKey, strict);

    /// <summary>
    /// Loads from any tensor source (a sharded checkpoint, a converted ComfyUI file): the same strict key check, then
    /// one <see cref="ITensorSource.Read"/> per destination tensor, each disposed before the next is read.
    /// </summary>
    /// <exception cref="StateDictMismatchException">keys are missing or unexpected.</exception>
    /// <exception cref="SafeTensorsFormatException">a shape differs; names the source file and key.</exception>
    public static void Load(nn.Module module, ITensorSource source, Func<string, string?>? mapKey = null, bool strict = true)
    {
        var destination = module.state_dict();
        var sources = new Dictionary<string, string>(StringComparer.Ordinal); // module key -> source key
        var unexpected = new List<string>();
        foreach (string key in source.Keys)
        {
            string? target = mapKey is null ? key : mapKey(key);
            if (target is null) continue;
            if (destination.ContainsKey(target)) sources[target] = key;
            else unexpected.Add($"{key} ({Path.GetFileName(source.Entry(key).Path)})");
        }
        var missing = destination.Keys.Where(k => !sources.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new StateDictMismatchException(module.GetName(), source.Paths, missing, unexpected);

        using var _ = no_grad();
        foreach (var (key, target) in destination)
        {
            if (!sources.TryGetValue(key, out var sourceKey)) continue;
            TensorInfo entry = source.Entry(sourceKey);
            if (!entry.Shape.SequenceEqual(target.shape))
                throw new SafeTensorsFormatException(entry.Path, sourceKey,
                    $"shape [{string.Join(", ", entry.Shape)}] does not match the model's {key} [{string.Join(", ", target.shape)}]");
            using Tensor value = source.Read(sourceKey, target.dtype);
            target.copy_(value);
        }
    }
}

/// <summary>A checkpoint's keys do not match the model's: lists what is missing and what was not expected.</summary>
public sealed class StateDictMismatchException(string module, IReadOnlyList<string> files, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected)
    : Exception(Describe(module, files, missing, unexpected)), IUserFacingError
{
    public IReadOnlyList<string> Missing { get; } = missing;
    public IReadOnlyList<string> Unexpected { get; } = unexpected;

    static string Describe(string module, IReadOnlyList<string> files, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected)
    {
        const int shown = 10;
        static string List(IReadOnlyList<string> keys) =>
            string.Join(", ", keys.Take(shown)) + (keys.Count > shown ? $", … ({keys.Count - shown} more)" : "");
        var parts = new List<string> { $"{module}: the checkpoint ({string.Join(", ", files.Select(Path.GetFileName))}) does not match the model" };
        if (missing.Count > 0) parts.Add($"{missing.Count} missing key(s): {List(missing)}");
        if (unexpected.Count > 0) parts.Add($"{unexpected.Count} unexpected key(s): {List(unexpected)}");
        return string.Join("; ", parts);
    }
}
