using ZImageSweep.Engine.Models.ZImage;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// The transformer's flow-matching velocity for a batch of noisy latents (docs/training.md#loss, step 5): the latents go in
/// as a list of (16, 1, h, w) in the model dtype, and the native output, which points to the clean image, is negated.
/// Shared by the training loss and the held-out validation loss so both score exactly the same prediction.
/// </summary>
public static class VelocityPrediction
{
    /// <param name="xt">noisy latents, float32 (B, 16, h, w).</param>
    /// <param name="t">model time 1 − σ per item (B).</param>
    /// <returns>float32 (B, 16, h, w).</returns>
    public static Tensor Of(ZImageTransformer2DModel transformer, Tensor xt, Tensor t, IReadOnlyList<Tensor> captions)
    {
        ScalarType dtype = transformer.DType;
        var inputs = Enumerable.Range(0, (int)xt.shape[0]).Select(i => xt[i].unsqueeze(1).to(dtype)).ToList(); // each (16, 1, h, w)
        List<Tensor> outputs = transformer.forward(inputs, t, captions);
        return -stack(outputs).to(ScalarType.Float32).squeeze(2);                                             // (B, 16, h, w)
    }
}
