using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.Vae;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Pipelines;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// The loaded components a training run uses: the transformer being adapted, the text encoding (needed only until
/// every caption and sample prompt is encoded), the VAE, the scheduler shift used for preview samples, and the
/// optional training adapter (ai-toolkit's assistant LoRA). Every text is encoded before the first step, after which
/// <see cref="ReleaseTextEncoder"/> frees the encoder's memory for the rest of the run.
/// </summary>
public sealed record ZImageModelSet(
    ZImageTransformer2DModel Transformer,
    Func<IReadOnlyList<string>, IReadOnlyList<Tensor>> EncodeTexts,
    AutoencoderKL Vae,
    double Shift,
    ZImageLora? TrainingAdapter = null,
    Action? ReleaseTextEncoder = null)
{
    /// <summary>The slot worker's encodings kept across arms (<see cref="EncodingReuse.Over"/>); null for a run alone.</summary>
    public EncodingReuse? Reuse { get; init; }

    public static ZImageModelSet From(ZImagePipeline pipeline, ZImageLora? trainingAdapter) =>
        new(pipeline.Transformer, pipeline.EncodePrompts, pipeline.Vae, pipeline.Scheduler.Shift, trainingAdapter, pipeline.ReleaseTextEncoder);
}
