using static TorchSharp.torch;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>
/// One finished image: float32 [3, H, W] in [0, 1] on the CPU, with the prompt (by index) and seed that made it and
/// the seconds its sampling and decoding took. Handed to a callback; the pipeline disposes the tensor afterwards.
/// </summary>
public sealed record GeneratedImage(int Index, string Prompt, long Seed, Tensor Image, TimeSpan Elapsed);
