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
                var (total, preservation) = MicroStepLoss(run, batch);
                total.backward(); // gradients accumulate (sum) over micro-batches, as in ai-toolkit
                run.EndMicroStep(total.item<float>(), preservation); // one host sync per micro-batch
            }
            run.EndStep();
        }
        return run.Finish();
    }

    /// <summary>One micro-batch's loss (docs/training.md#loss), plus the DOP term when asked.</summary>
    (Tensor Loss, double Preservation) MicroStepLoss(ArmRun run, MicroBatch batch)
    {
        Tensor loss = run.Loss(batch, Predict(batch.Xt, batch.T, batch.Captions));
        if (options.DiffOutputPreservation is not { } dop) return (loss, 0);

        // DOP: the prior is the model without the user LoRA (the merged adapter stays) on the class-word caption.
        TrainingSession session = run.Session;
        var dopCaptions = batch.Items.Select(index => session.Embeddings[session.Captions[index].Preservation!]).ToList();
        Tensor prior;
        session.Lora.Enabled = false;
        try
        {
            using var _ = no_grad();
            prior = Predict(batch.Xt, batch.T, dopCaptions);
        }
        finally
        {
            session.Lora.Enabled = true;
        }
        Tensor preservation = Loss.FlowMatchLoss.Preservation(Predict(batch.Xt, batch.T, dopCaptions), prior, dop.Multiplier);
        return (loss + preservation, preservation.item<float>());
    }

    Tensor Predict(Tensor xt, Tensor t, IReadOnlyList<Tensor> captions) => VelocityPrediction.Of(models.Transformer, xt, t, captions);
}
