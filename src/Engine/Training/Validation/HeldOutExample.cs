using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>
/// One held-out image, encoded once per run: the caption it is scored with (trigger injected as for training, never
/// dropped) and its latent (16, h, w), CPU float32.
/// </summary>
public sealed record HeldOutExample(string ImagePath, string Caption, Tensor Latent);
