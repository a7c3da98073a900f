using static TorchSharp.torch;

namespace ZImageSweep.Engine.Offloading;

/// <summary>
/// One frozen tensor of a block that layer offloading moves between host and device: how to read where it is now,
/// and how to put another tensor in its place (the writer takes ownership of the new tensor and disposes the one it
/// replaces, as TorchSharp's Linear weight setter does).
/// </summary>
public sealed record FrozenTensor(string Name, Func<Tensor> Read, Action<Tensor> Write);
