using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.TinyModels;

namespace ZImageSweep.Engine.Tests.Pipelines;

/// <summary>
/// The tiny model (docs/model.md#tiny-configurations) with a 5-layer text encoder instead of 3, written once per test
/// class: built to hidden_states[-2] that is 4 decoder layers, enough for a share of them to be offloaded between
/// resident ones.
/// </summary>
public sealed class DeepTextEncoderFixture : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("zsweep-te-").FullName;

    public DeepTextEncoderFixture()
    {
        LibTorchLoader.EnsureLoaded();
        var spec = new TinyModelSpec();
        Model = TinyModelWriter.Write(Path.Combine(_root, "tiny"), seed: 3, spec with { TextEncoder = spec.TextEncoder with { NumHiddenLayers = 5 } });
    }

    public TinyModelFolder Model { get; }

    /// <summary>Decoder layers the pipeline builds (all but the last).</summary>
    public const int BuiltLayers = 4;

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
