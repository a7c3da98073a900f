using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Trains one Z-Image LoRA the way ai-toolkit's Z-Image job does (docs/training.md), resumably: the training adapter is
/// merged into the base, captions and latents are cached, then each step draws timesteps and noise from its own
/// generators, runs the flow-matching loss (plus DOP when asked), clips, steps the optimizer, and saves checkpoints
/// and preview samples on schedule (the run's own parts are in <see cref="ArmRun"/>). A rerun in the same output
/// folder continues from the newest complete checkpoint with the same parameters, optimizer state, random streams and
/// data order, i.e. the same trajectory.
/// </summary>
public sealed class ZImageTrainer(TrainerOptions options, ZImageModelSet models, ITrainingObserver observer, TrainingControl control)
{
    /// <summary>Runs to <see cref="TrainerOptions.Steps"/> or until a stop is requested; returns the final LoRA path (null when stopped early).</summary>
    public string? Run()
    {
        using var session = TrainingSession.Prepare(options, models, observer);
        ArmRun run = ArmRun.Start(options, session, observer, control);
        while (run.Running)
        {
            run.BeginStep();
            for (int micro = 0; micro < options.GradientAccumulation; micro++)
            {
                using var scope = NewDisposeScope();
                MicroBatch batch = run.NextMicroBatch(models.Transformer.Device);
                var (total, preservation) = run.MicroStepLoss(batch, captions => Predict(batch.Xt, batch.T, captions));
                total.backward(); // gradients accumulate (sum) over micro-batches, as in ai-toolkit
                run.EndMicroStep(total.item<float>(), preservation); // one host sync per micro-batch
            }
            run.EndStep();
        }
        return run.Finish();
    }

    Tensor Predict(Tensor xt, Tensor t, IReadOnlyList<Tensor> captions) => VelocityPrediction.Of(models.Transformer, xt, t, captions);
}
