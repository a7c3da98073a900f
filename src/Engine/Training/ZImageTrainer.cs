using System.Diagnostics;
using System.Globalization;
using TorchSharp.Modules;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Engine.Training.Data;
using ZImageSweep.Engine.Training.Loss;
using ZImageSweep.Engine.Training.Optimizers;
using ZImageSweep.Engine.Training.Timesteps;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Trains one Z-Image LoRA the way ai-toolkit's Z-Image job does (docs/training.md), resumably: the training adapter is
/// merged into the base, captions and latents are cached, then each step draws timesteps and noise from its own
/// generators, runs the flow-matching loss (plus DOP when asked), clips, steps the optimizer, and saves checkpoints
/// and preview samples on schedule. A rerun in the same output folder continues from the newest complete checkpoint
/// with the same parameters, optimizer state, random streams and data order, i.e. the same trajectory.
/// </summary>
public sealed class ZImageTrainer(TrainerOptions options, ZImageModelSet models, ITrainingObserver observer, TrainingControl control)
{
    const string TimestepStream = "timesteps", NoiseStream = "noise", DropoutStream = "caption_dropout";

    /// <summary>Runs to <see cref="TrainerOptions.Steps"/> or until a stop is requested; returns the final LoRA path (null when stopped early).</summary>
    public string? Run()
    {
        var store = CheckpointStore.For(options);
        using var session = TrainingSession.Prepare(options, models, observer);
        var generators = new Dictionary<string, Generator>
        {
            [TimestepStream] = new((ulong)options.Seed + 1),
            [NoiseStream] = new((ulong)options.Seed + 2),
            [DropoutStream] = new((ulong)options.Seed + 3),
        };
        var position = new DataPosition(0, 0);
        int step = 0;
        if (store.FindLatestComplete(observer.Message) is { } saved)
        {
            (step, position) = Restore(store.Load(saved), session, generators);
            observer.Message($"resuming from step {step} ({saved.LoraPath})");
        }
        observer.Started(step, options.Steps, resumed: step > 0);

        var schedule = new LearningRateSchedule(options.LrScheduler, options.LearningRate, options.Steps, options.LrWarmupSteps);
        var timesteps = new TimestepSampler(options.TimestepType, options.ContentOrStyle, options.WeightedTable);
        using IEnumerator<(int[] Batch, int Epoch, int NextBatchInEpoch)> batches = session.Planner.From(position.Epoch, position.BatchInEpoch).GetEnumerator();
        int lastSaved = step;

        // ai-toolkit: a baseline sample before the first step unless skip_first_sample; on a resumed run only with force_first_sample.
        if (options.Sample is { SampleAtStart: true } first && (step == 0 || first.SampleAtResume)) Sample(session, step);
        // ai-toolkit's validate_every_n_steps also validates where the run starts.
        if (options.Validation?.EveryNSteps is not null) Validate(session, step);
        while (step < options.Steps && !control.StopRequested)
        {
            var clock = Stopwatch.StartNew();
            double lr = schedule.At(step);
            double loss = 0, preservation = 0;
            for (int micro = 0; micro < options.GradientAccumulation; micro++)
            {
                batches.MoveNext();
                position = new DataPosition(batches.Current.Epoch, batches.Current.NextBatchInEpoch);
                using var scope = NewDisposeScope();
                // A batch holds one dataset's examples; its network_weight is the LoRA strength for this micro-step.
                session.Lora.Multiplier = options.Datasets[session.ExampleDatasets[batches.Current.Batch[0]]].NetworkWeight;
                var (total, pres) = MicroStepLoss(session, batches.Current.Batch, timesteps, generators);
                total.backward(); // gradients accumulate (sum) over micro-batches, as in ai-toolkit
                session.Lora.Multiplier = 1.0; // previews, validation and saves see the LoRA at its own strength
                loss += total.item<float>() / options.GradientAccumulation; // one host sync per micro-batch
                preservation += pres / options.GradientAccumulation;
            }
            // Before the optimizer step, so a non-finite loss never reaches the parameters.
            if (!double.IsFinite(loss)) throw new TrainingDivergedException(step + 1, $"loss {loss.ToString(CultureInfo.InvariantCulture)}");
            nn.utils.clip_grad_norm_(session.Lora.Parameters().Select(p => p.Parameter), options.MaxGradNorm);
            session.Optimizer.Step(lr);
            session.Optimizer.ZeroGrad();
            session.Ema?.Update();
            step++;
            observer.Step(new StepReport(step, options.Steps, loss, lr, clock.Elapsed.TotalSeconds,
                options.DiffOutputPreservation is null ? null : preservation));

            if (step % options.SaveEvery == 0 || step == options.Steps || control.TakeSave())
            {
                SaveCheckpoint(store, session, step, position, generators);
                lastSaved = step;
            }
            if (options.Validation?.EveryNSteps is int every && step % every == 0) Validate(session, step);
            if (options.Sample is { } sample && ((step % sample.SampleEvery == 0 && step >= sample.StartStep) || step == options.Steps || control.TakeSample()))
                Sample(session, step);
        }

        if (step < options.Steps)
        {
            if (lastSaved != step) SaveCheckpoint(store, session, step, position, generators);
            return null;
        }
        string final = store.SaveFinal(LoraForUsers(session), LoraMetadata.Build(options.Name, step, position.Epoch, options.TriggerWord, options.Meta));
        observer.Finished(final);
        return final;
    }

    /// <summary>One micro-batch's loss (docs/training.md#loss): x_t = (1 − σ)·x0 + σ·noise, target = noise − x0.</summary>
    (Tensor Loss, double Preservation) MicroStepLoss(TrainingSession session, int[] batch, TimestepSampler timesteps, Dictionary<string, Generator> generators)
    {
        Device device = models.Transformer.Device;
        Tensor x0 = stack(batch.Select(i => session.Examples[i].Latent).ToArray()).to(device);                // (B, 16, h, w) fp32
        Tensor noise = randn(x0.shape, ScalarType.Float32, generator: generators[NoiseStream]).to(device);   // CPU stream: device-independent
        IReadOnlyList<TrainingTimestep> draws = timesteps.Sample(batch.Length, generators[TimestepStream]);
        Tensor sigma = tensor(draws.Select(d => (float)d.Sigma).ToArray(), device: device).view(-1, 1, 1, 1);
        Tensor xt = sigma.neg().add(HeldScalars.One) * x0 + sigma * noise; // (1 − σ)·x0 + σ·noise
        Tensor t = tensor(draws.Select(d => (float)d.ModelTime).ToArray(), device: device);
        bool[] dropped = DrawDropout(session, batch, generators[DropoutStream]);
        var captions = batch.Select((index, i) => session.Embeddings[session.Captions[index].For(dropped[i])]).ToList();

        Tensor prediction = Predict(xt, t, captions);
        Tensor loss = FlowMatchLoss.Compute(prediction, noise - x0, draws.Select(d => d.Weight).ToList(), options.LossType, options.DifferentialGuidanceScale);
        if (options.DiffOutputPreservation is not { } dop) return (loss, 0);

        // DOP: the prior is the model without the user LoRA (the merged adapter stays) on the class-word caption.
        var dopCaptions = batch.Select(index => session.Embeddings[session.Captions[index].Preservation!]).ToList();
        Tensor prior;
        session.Lora.Enabled = false;
        try
        {
            using var _ = no_grad();
            prior = Predict(xt, t, dopCaptions);
        }
        finally
        {
            session.Lora.Enabled = true;
        }
        Tensor preservation = FlowMatchLoss.Preservation(Predict(xt, t, dopCaptions), prior, dop.Multiplier);
        return (loss + preservation, preservation.item<float>());
    }

    Tensor Predict(Tensor xt, Tensor t, IReadOnlyList<Tensor> captions) => VelocityPrediction.Of(models.Transformer, xt, t, captions);

    bool[] DrawDropout(TrainingSession session, int[] batch, Generator generator)
    {
        var dropped = new bool[batch.Length];
        if (!session.Captions.Any(c => c.DropoutRate > 0)) return dropped;
        float[] draws = rand([batch.Length], generator: generator).data<float>().ToArray();
        for (int i = 0; i < batch.Length; i++) dropped[i] = draws[i] < session.Captions[batch[i]].DropoutRate;
        return dropped;
    }

    void Sample(TrainingSession session, int step)
    {
        if (session.Preview is null) return;
        observer.SamplesWritten(step, session.Preview.Run(step, session.Lora, session.InvertedAdapter, options.TriggerWord));
    }

    /// <summary>
    /// Saves a checkpoint (staged, then committed once the fence allows: a superseded run stops here, its staged files
    /// deleted), then scores it unless validation has its own schedule (validate_every_n_steps).
    /// </summary>
    void SaveCheckpoint(CheckpointStore store, TrainingSession session, int step, DataPosition position, Dictionary<string, Generator> generators)
    {
        TrainingCheckpoint checkpoint = Checkpoint(session, step, position, generators);
        // A finite loss can still leave non-finite values behind (an overflowing update); such a state is never saved.
        if (NonFinite.FirstKey(checkpoint.Parameters) is { } parameter) throw new TrainingDivergedException(step, $"non-finite values in LoRA parameter {parameter}");
        if (NonFinite.FirstKey(checkpoint.OptimizerState) is { } moment) throw new TrainingDivergedException(step, $"non-finite values in optimizer state {moment}");
        StagedCheckpoint staged = store.Stage(checkpoint, control.Fence.Run);
        if (!control.Fence.MayCommit(step))
        {
            CheckpointStore.Discard(staged);
            throw new CheckpointFencedException(step, control.Fence.Run);
        }
        observer.CheckpointSaved(store.Commit(staged));
        if (options.Validation?.EveryNSteps is null) Validate(session, step);
    }

    /// <summary>Validation draws only from its own seeded generators, so it leaves the training trajectory alone.</summary>
    void Validate(TrainingSession session, int step)
    {
        if (session.Validator is { } validator) observer.Validated(validator.Validate(step, session.Lora, session.InvertedAdapter, session.Ema?.Shadows));
    }

    Dictionary<string, Tensor> LoraForUsers(TrainingSession session) =>
        session.Ema is { } ema
            ? ema.Shadows.ToDictionary(p => p.Key, p => p.Value.to(options.SaveDtype).cpu())
            : session.Lora.StateDict(options.SaveDtype);

    TrainingCheckpoint Checkpoint(TrainingSession session, int step, DataPosition position, Dictionary<string, Generator> generators) =>
        new(step, position, LoraForUsers(session), session.Optimizer.StateDict(),
            generators.ToDictionary(g => g.Key, g => g.Value.get_state()),
            LoraMetadata.Build(options.Name, step, position.Epoch, options.TriggerWord, options.Meta))
        {
            Parameters = session.Lora.StateDict(ScalarType.Float32),
            Ema = session.Ema?.Shadows.ToDictionary(p => p.Key, p => p.Value.cpu()) ?? [],
        };

    static (int Step, DataPosition Position) Restore(TrainingCheckpoint checkpoint, TrainingSession session, Dictionary<string, Generator> generators)
    {
        if (checkpoint.Parameters.Count == 0)
            throw new InvalidDataException($"checkpoint at step {checkpoint.Step} has no float32 training parameters; it was not written by this trainer");
        session.Lora.Load(checkpoint.Parameters, $"checkpoint step {checkpoint.Step}");
        session.Optimizer.LoadStateDict(checkpoint.OptimizerState);
        session.Ema?.Load(checkpoint.Ema);
        foreach (var (name, generator) in generators)
            if (checkpoint.GeneratorStates.TryGetValue(name, out var state)) generator.set_state(state);
        return (checkpoint.Step, checkpoint.Data);
    }
}
