using ZImageSweep.Engine.Models.Qwen3;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Models.ZImage;

namespace ZImageSweep.Engine.TinyModels;

/// <summary>What <see cref="TinyModelWriter.Write"/> wrote: the folder, the adapter files, and the configurations as written.</summary>
public sealed record TinyModelFolder(
    string Directory,
    long Seed,
    ZImageConfig Transformer,
    Qwen3Config TextEncoder,
    AutoencoderKLConfig Vae,
    double Shift,
    IReadOnlyDictionary<string, string> Adapters)
{
    /// <summary>Every file written, relative to <see cref="Directory"/>, in a fixed order.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>The adapter file of a version ("v1", "v2").</summary>
    public string Adapter(string version) =>
        Adapters.TryGetValue(version, out string? path) ? path : throw new KeyNotFoundException($"the tiny model has no adapter '{version}'");
}
