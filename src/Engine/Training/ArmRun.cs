using System.Diagnostics;
using System.Globalization;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Engine.Training.Data;
using ZImageSweep.Engine.Training.Loss;
using ZImageSweep.Engine.Training.Timesteps;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training;

/// <summary>
/// Everything of one training run that is the run's own, whether it trains alone (<see cref="ZImageTrainer"/>) or in a
/// pack sharing the base (Packing/PackedZImageTrainer): its data order and random streams (timesteps, noise, caption
/// dropout), learning-rate schedule, loss, clipping, optimizer, EMA, checkpoints, previews and validation, and the
/// resume from its newest complete checkpoint. The trainers only decide how the model is called.
/// </summary>
public sealed class ArmRun
{
    const string TimestepStream = "timesteps", NoiseStream = "noise", DropoutStream = "caption_dropout";

    readonly CheckpointStore _store;
    readonly Dictionary<string, Generator> _generators;
    readonly LearningRateSchedule _schedule;
    readonly TimestepSampler _timesteps;
    readonly IEnumerator<(int[] Batch, int Epoch, int NextBatchInEpoch)> _batches;
    readonly Func<IDisposable?> _isolate;
    DataPosition _position;
    int _lastSaved;
    Stopwatch _clock = new();
    double _loss, _preservation;

    public TrainerOptions Options { get; }
    public TrainingSession Session { get; }
    public ITrainingObserver Observer { get; }
    public TrainingControl Control { get; }
    public int Step { get; private set; }

    /// <summary>Not finished and no stop requested: the run takes another step.</summary>
    public bool Running => Step < Options.Steps && !Control.StopRequested;

    ArmRun(TrainerOptions options, TrainingSession session, ITrainingObserver observer, TrainingControl control, Func<IDisposable?> isolate)
    {
        (Options, Session, Observer, Control, _isolate) = (options, session, observer, control, isolate);
        _store = CheckpointStore.For(options);
        _generators = new Dictionary<string, Generator>
        {
            [TimestepStream] = new((ulong)options.Seed + 1),
            [NoiseStream] = new((ulong)options.Seed + 2),
            [DropoutStream] = new((ulong)options.Seed + 3),
        };
        _position = new DataPosition(0, 0);
        if (_store.FindLatestComplete(observer.Message) is { } saved)
        {
            (Step, _position) = Restore(_store.Load(saved));
            observer.Message($"resuming from step {Step} ({saved.LoraPath})");
        }
        _lastSaved = Step;
        _schedule = new LearningRateSchedule(options.LrScheduler, options.LearningRate, options.Steps, options.LrWarmupSteps);
        _timesteps = new TimestepSampler(options.TimestepType, options.ContentOrStyle, options.WeightedTable);
        _batches = session.Planner.From(_position.Epoch, _position.BatchInEpoch).GetEnumerator();
    }

    /// <summary>
    /// Resumes from the newest complete checkpoint (if any), reports the start, and samples and validates where the run
    /// starts, as ai-toolkit does.
    /// </summary>
    /// <param name="isolate">Makes the model this arm's alone for previews and validation (other arms of a pack off); null when it is.</param>
    public static ArmRun Start(TrainerOptions options, TrainingSession session, ITrainingObserver observer, TrainingControl control, Func<IDisposable?>? isolate = null)
    {
        var run = new ArmRun(options, session, observer, control, isolate ?? (() => null));
        observer.Started(run.Step, options.Steps, resumed: run.Step > 0);
        // ai-toolkit: a baseline sample before the first step unless skip_first_sample; on a resumed run only with force_first_sample.
        if (options.Sample is { SampleAtStart: true } first && (run.Step == 0 || first.SampleAtResume)) run.Sample();
        // ai-toolkit's validate_every_n_steps also validates where the run starts.
        if (options.Validation?.EveryNSteps is not null) run.Validate();
        return run;
    }

    public void BeginStep()
    {
        _clock = Stopwatch.StartNew();
        (_loss, _preservation) = (0, 0);
    }

    /// <summary>
    /// The next micro-batch from this run's data order and streams, on <paramref name="device"/>; the LoRA takes the
    /// batch's dataset network_weight until <see cref="EndMicroStep"/>.
    /// </summary>
    public MicroBatch NextMicroBatch(Device device)
    {
        _batches.MoveNext();
        int[] batch = _batches.Current.Batch;
        _position = new DataPosition(_batches.Current.Epoch, _batches.Current.NextBatchInEpoch);
        // A batch holds one dataset's examples; its network_weight is the LoRA strength for this micro-step.
        Session.Lora.Multiplier = Options.Datasets[Session.ExampleDatasets[batch[0]]].NetworkWeight;
        Tensor x0 = stack(batch.Select(i => Session.Examples[i].Latent).ToArray()).to(device);                // (B, 16, h, w) fp32
        Tensor noise = randn(x0.shape, ScalarType.Float32, generator: _generators[NoiseStream]).to(device);    // CPU stream: device-independent
        IReadOnlyList<TrainingTimestep> draws = _timesteps.Sample(batch.Length, _generators[TimestepStream]);
        Tensor sigma = tensor(draws.Select(d => (float)d.Sigma).ToArray(), device: device).view(-1, 1, 1, 1);
        Tensor xt = (sigma.OneMinus() * x0).Plus(sigma * noise); // (1 − σ)·x0 + σ·noise
        Tensor t = tensor(draws.Select(d => (float)d.ModelTime).ToArray(), device: device);
        bool[] dropped = DrawDropout(batch);
        var captions = batch.Select((index, i) => Session.Embeddings[Session.Captions[index].For(dropped[i])]).ToList();
        return new MicroBatch(batch, x0, noise, xt, t, draws, captions);
    }

    /// <summary>The flow-matching loss of this run's <paramref name="prediction"/> for <paramref name="batch"/>: target = noise − x0.</summary>
    public Tensor Loss(MicroBatch batch, Tensor prediction) =>
        FlowMatchLoss.Compute(prediction, batch.Noise - batch.X0, batch.Draws.Select(d => d.Weight).ToList(), Options.LossType, Options.DifferentialGuidanceScale);

    /// <summary>
    /// The micro-batch's loss (docs/training.md#loss) plus, with differential output preservation, its term and value:
    /// the prior is the model without the user LoRA (a training adapter stays) on the class-word caption.
    /// <paramref name="predict"/> runs the model on this batch's noisy latents and timesteps with the given captions.
    /// </summary>
    public (Tensor Loss, double Preservation) MicroStepLoss(MicroBatch batch, Func<IReadOnlyList<Tensor>, Tensor> predict)
    {
        Tensor loss = Loss(batch, predict(batch.Captions));
        if (Options.DiffOutputPreservation is not { } dop) return (loss, 0);

        var dopCaptions = batch.Items.Select(index => Session.Embeddings[Session.Captions[index].Preservation!]).ToList();
        Tensor prior;
        Session.Lora.Enabled = false;
        try
        {
            using var _ = no_grad();
            prior = predict(dopCaptions);
        }
        finally
        {
            Session.Lora.Enabled = true;
        }
        Tensor preservation = FlowMatchLoss.Preservation(predict(dopCaptions), prior, dop.Multiplier);
        return (loss.Plus(preservation), preservation.item<float>());
    }

    /// <summary>
    /// After the micro-batch's backward: counts its loss towards the step's mean, and previews, validation and saves
    /// see the LoRA at its own strength again.
    /// </summary>
    public void EndMicroStep(double loss, double preservation = 0)
    {
        Session.Lora.Multiplier = 1.0;
        _loss += loss / Options.GradientAccumulation;
        _preservation += preservation / Options.GradientAccumulation;
    }

    /// <summary>
    /// Ends the step once the gradients are in: clip (this run's own norm), optimizer step at the scheduled learning
    /// rate, EMA, the report, and whatever falls due — checkpoint, validation, previews.
    /// </summary>
    /// <exception cref="TrainingDivergedException">the loss is not finite (checked before the parameters are touched), or a checkpoint would hold non-finite values.</exception>
    public void EndStep()
    {
        // Before the optimizer step, so a non-finite loss never reaches the parameters.
        if (!double.IsFinite(_loss)) throw Diverged(Step + 1, _loss);
        double lr = _schedule.At(Step);
        Session.Optimizer.Step(lr, Options.MaxGradNorm);
        Session.Optimizer.ZeroGrad();
        Session.Ema?.Update();
        Step++;
        Observer.Step(new StepReport(Step, Options.Steps, _loss, lr, _clock.Elapsed.TotalSeconds,
            Options.DiffOutputPreservation is null ? null : _preservation));

        if (Step % Options.SaveEvery == 0 || Step == Options.Steps || Control.TakeSave()) SaveCheckpoint();
        if (Options.Validation?.EveryNSteps is int every && Step % every == 0) Validate();
        if (Options.Sample is { } sample && ((Step % sample.SampleEvery == 0 && Step >= sample.StartStep) || Step == Options.Steps || Control.TakeSample()))
            Sample();
    }

    public static TrainingDivergedException Diverged(int step, double loss) => new(step, $"loss {loss.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>After the last step: the final LoRA (returned); after a stop: a checkpoint of where it stopped (null returned).</summary>
    public string? Finish()
    {
        if (Step < Options.Steps)
        {
            if (_lastSaved != Step) SaveCheckpoint();
            return null;
        }
        string final = _store.SaveFinal(LoraForUsers(), LoraMetadata.Build(Options.Name, Step, _position.Epoch, Options.TriggerWord, Options.Meta));
        Observer.Finished(final);
        return final;
    }

    bool[] DrawDropout(int[] batch)
    {
        var dropped = new bool[batch.Length];
        if (!Session.Captions.Any(c => c.DropoutRate > 0)) return dropped;
        float[] draws = rand([batch.Length], generator: _generators[DropoutStream]).data<float>().ToArray();
        for (int i = 0; i < batch.Length; i++) dropped[i] = draws[i] < Session.Captions[batch[i]].DropoutRate;
        return dropped;
    }

    void Sample()
    {
        if (Session.Preview is null) return;
        using (_isolate())
            Observer.SamplesWritten(Step, Session.Preview.Run(Step, Session.Lora, Session.Adapter, Options.TriggerWord));
    }

    /// <summary>
    /// Saves a checkpoint (staged, then committed once the fence allows: a superseded run stops here, its staged files
    /// deleted), then scores it unless validation has its own schedule (validate_every_n_steps).
    /// </summary>
    void SaveCheckpoint()
    {
        TrainingCheckpoint checkpoint = Checkpoint();
        // A finite loss can still leave non-finite values behind (an overflowing update); such a state is never saved.
        if (NonFinite.FirstKey(checkpoint.Parameters) is { } parameter) throw new TrainingDivergedException(Step, $"non-finite values in LoRA parameter {parameter}");
        if (NonFinite.FirstKey(checkpoint.OptimizerState) is { } moment) throw new TrainingDivergedException(Step, $"non-finite values in optimizer state {moment}");
        StagedCheckpoint staged = _store.Stage(checkpoint, Control.Fence.Run);
        if (!Control.Fence.MayCommit(Step))
        {
            CheckpointStore.Discard(staged);
            throw new CheckpointFencedException(Step, Control.Fence.Run);
        }
        Observer.CheckpointSaved(_store.Commit(staged));
        _lastSaved = Step;
        if (Options.Validation?.EveryNSteps is null) Validate();
    }

    /// <summary>Validation draws only from its own seeded generators, so it leaves the training trajectory alone.</summary>
    void Validate()
    {
        if (Session.Validator is not { } validator) return;
        using (_isolate())
            Observer.Validated(validator.Validate(Step, Session.Lora, Session.Adapter, Session.Ema?.Shadows));
    }

    Dictionary<string, Tensor> LoraForUsers() =>
        Session.Ema is { } ema
            ? ema.Shadows.ToDictionary(p => p.Key, p => p.Value.to(Options.SaveDtype).cpu())
            : Session.Lora.StateDict(Options.SaveDtype);

    TrainingCheckpoint Checkpoint() =>
        new(Step, _position, LoraForUsers(), Session.Optimizer.StateDict(),
            _generators.ToDictionary(g => g.Key, g => g.Value.get_state()),
            LoraMetadata.Build(Options.Name, Step, _position.Epoch, Options.TriggerWord, Options.Meta))
        {
            Parameters = Session.Lora.StateDict(ScalarType.Float32),
            Ema = Session.Ema?.Shadows.ToDictionary(p => p.Key, p => p.Value.cpu()) ?? [],
        };

    (int Step, DataPosition Position) Restore(TrainingCheckpoint checkpoint)
    {
        if (checkpoint.Parameters.Count == 0)
            throw new InvalidDataException($"checkpoint at step {checkpoint.Step} has no float32 training parameters; it was not written by this trainer");
        Session.Lora.Load(checkpoint.Parameters, $"checkpoint step {checkpoint.Step}");
        Session.Optimizer.LoadStateDict(checkpoint.OptimizerState);
        Session.Ema?.Load(checkpoint.Ema);
        foreach (var (name, generator) in _generators)
            if (checkpoint.GeneratorStates.TryGetValue(name, out var state)) generator.set_state(state);
        return (checkpoint.Step, checkpoint.Data);
    }
}
