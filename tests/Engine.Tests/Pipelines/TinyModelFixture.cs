using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.TinyModels;

namespace ZImageSweep.Engine.Tests.Pipelines;

/// <summary>One tiny model folder per test class (writing it takes about a second).</summary>
public sealed class TinyModelFixture : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("zsweep-pipe-").FullName;

    public TinyModelFixture()
    {
        LibTorchLoader.EnsureLoaded();
        Model = TinyModelWriter.Write(Path.Combine(_root, "tiny"), seed: 1);
    }

    public TinyModelFolder Model { get; }

    /// <summary>A fresh empty folder for one test's files.</summary>
    public string NewFolder() => Directory.CreateDirectory(Path.Combine(_root, Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
