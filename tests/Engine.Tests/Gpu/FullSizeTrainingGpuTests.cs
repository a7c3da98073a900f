using System.Diagnostics;
using TorchSharp;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Checkpoints;
using ZImageSweep.Engine.Training.Loss;
using ZImageSweep.Engine.Training.Optimizers;
using ZImageSweep.Engine.Training.Timesteps;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Gpu;

/// <summary>
/// Issue 7's GPU test: the full-size (6.15 B) Z-Image transformer, random bf16 weights built directly on CUDA, trains
/// a rank-16 LoRA for 20 steps with the engine's own training pieces, put together the way
/// <see cref="ZImageTrainer"/> puts a step together (one 512² latent, 64 caption tokens, gradient checkpointing on);
/// then a checkpoint written by <see cref="CheckpointStore"/> is reloaded into a fresh <see cref="LoraNetwork"/> on
/// the same base. Run on the GPU machine with <c>bench/gpu-tests.sh</c>; skipped (with the reason) where CUDA is not
/// available. The same procedure runs on a tiny model on the CPU in every test run, so the GPU run is never the
/// first execution of this code.
/// <para>
/// What is asserted about the reload, and why: the float32 training parameters in the checkpoint's state file are
/// compared <b>bit for bit</b> with the trained ones (that is the checkpoint's contract); the model outputs with the
/// reloaded network must be within <b>1e-3 relative L2</b> of the trained network's outputs on the same inputs. The
/// outputs are expected to be bit-identical (same weights, same inputs, same deterministic forward kernels on one
/// stream), and the test prints whether they are; the tolerance is there because CUDA makes no promise of
/// bitwise-reproducible kernel selection, and 1e-3 is a quarter of bf16's epsilon (2⁻⁸ ≈ 3.9e-3), far below what a
/// missing, transposed or wrongly scaled factor would produce. To show the comparison can tell a trained network
/// from none, the trained network's own effect (its outputs against the base's) must exceed the reload difference.
/// The ai-toolkit LoRA file (bf16 factors) is checked exactly: each tensor equals the trained float32 factor rounded
/// to bf16. Its outputs through <see cref="LoraNetwork.FromFile"/> are printed, not asserted: bf16-rounded factors
/// perturb every layer, and in a bf16 forward such a perturbation ends at bf16 rounding noise, not below 1e-3.
/// </para>
/// </summary>
[Trait(Tier.Name, Tier.Gpu)]
public sealed class FullSizeTrainingGpuTests(ITestOutputHelper output)
{
    const int Steps = 20;
    const int Rank = 16;
    const double OutputTolerance = 1e-3;

    public const string NoCudaReason =
        "CUDA is not available (torch.cuda.is_available() is false for the loaded libtorch): this test trains the full-size " +
        "6.15 B-parameter Z-Image transformer and needs an NVIDIA GPU with about 16 GiB free and a CUDA libtorch; run it " +
        "with bench/gpu-tests.sh on the GPU machine";

    /// <summary>One training setup: the model, where it lives, and the data size.</summary>
    sealed record Setup(ZImageConfig Config, Device Device, ScalarType DType, int LatentSize, int CaptionTokens, OptimizerKind Optimizer);

    [Theory]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.AdamW8Bit)]
    public void FullSizeModel_TrainsTwentyStepsOnCuda_AndItsCheckpointReloadsToTheSameOutputs(OptimizerKind optimizer)
    {
        LibTorchLoader.EnsureLoaded();
        Assert.SkipUnless(cuda.is_available(), NoCudaReason);
        // 512² image → 64×64 latent; 64 caption tokens of random Qwen3 features (cap_feat_dim 2560).
        TrainSaveReload(new Setup(ZImageConfig.Turbo, CUDA, ScalarType.BFloat16, LatentSize: 64, CaptionTokens: 64, optimizer));
    }

    /// <summary>The same procedure on a tiny float32 model on the CPU: keeps the GPU test's code exercised on CI.</summary>
    [Theory]
    [InlineData(OptimizerKind.AdamW)]
    [InlineData(OptimizerKind.AdamW8Bit)]
    public void SameProcedure_OnATinyModelOnTheCpu(OptimizerKind optimizer)
    {
        LibTorchLoader.EnsureLoaded();
        TrainSaveReload(new Setup(ZImageConfig.Tiny with { NLayers = 2 }, CPU, ScalarType.Float32, LatentSize: 8, CaptionTokens: 8, optimizer));
    }

    void TrainSaveReload(Setup s)
    {
        string folder = Directory.CreateTempSubdirectory("zsweep-gpu-test-").FullName;
        // The trainer's own defaults (rank, targets, lr, AdamW hyper-parameters, clipping, timesteps, loss, save dtype).
        var options = new TrainerOptions
        {
            Name = "gpu_test",
            OutputFolder = folder,
            Datasets = [],
            Rank = Rank,
            Steps = Steps,
            Optimizer = s.Optimizer,
            GradientCheckpointing = true,
            Seed = 7,
        };
        try
        {
            Run(s, options, folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    void Run(Setup s, TrainerOptions options, string folder)
    {
        output.WriteLine($"{s.Config} on {s.Device} in {s.DType}, {s.LatentSize}x{s.LatentSize} latent, {s.CaptionTokens} caption tokens, " +
                         $"rank {options.Rank}, {options.Optimizer}, lr {options.LearningRate}, checkpointing {options.GradientCheckpointing}");
        var clock = Stopwatch.StartNew();
        using var model = RandomTransformer(s.Config, s.Device, s.DType, seed: 1234);
        // As TrainingSession.Prepare: frozen base, checkpointing as configured, training mode.
        foreach (var p in model.parameters()) p.requires_grad = false;
        model.GradientCheckpointing = options.GradientCheckpointing;
        model.train();
        Synchronize(s.Device);
        output.WriteLine($"model: {model.parameters().Sum(p => p.numel()):N0} parameters, built in {clock.ElapsedMilliseconds} ms");

        using var lora = LoraNetwork.CreateTrainable(model, options.Rank, options.Targets, new Generator((ulong)options.Seed));
        var parameters = lora.Parameters();
        using ITrainingOptimizer optimizer = NewOptimizer(options, parameters);
        // Clones: for float32 CPU parameters StateDict's .to().cpu() returns the parameters themselves.
        Dictionary<string, Tensor> initial = lora.StateDict(ScalarType.Float32).ToDictionary(p => p.Key, p => p.Value.clone());
        Assert.Equal(s.Config.NLayers * LoraTargets.ModuleSuffixes.Count * 2, parameters.Count);
        Assert.All(initial.Where(p => p.Key.EndsWith(".lora_B.weight", StringComparison.Ordinal)),
            p => Assert.Equal(0f, p.Value.abs().max().item<float>()));
        output.WriteLine($"LoRA: {parameters.Count / 2} modules, {parameters.Sum(p => p.Parameter.numel()):N0} parameters");

        // The data as the trainer holds it: the cached latent in float32 on the CPU (moved per step), the caption's
        // features on the device in the model dtype (CaptionEmbeddings).
        var data = new Generator(99);
        using Tensor latent = randn([1, s.Config.InChannels, s.LatentSize, s.LatentSize], ScalarType.Float32, generator: data);
        using Tensor caption = randn([s.CaptionTokens, s.Config.CapFeatDim], ScalarType.Float32, generator: data).to(s.DType, s.Device);

        // ---- 20 training steps, each as ZImageTrainer.Run / MicroStepLoss / Predict do it ----
        var generators = new Dictionary<string, Generator>
        {
            ["timesteps"] = new((ulong)options.Seed + 1),
            ["noise"] = new((ulong)options.Seed + 2),
        };
        var schedule = new LearningRateSchedule(options.LrScheduler, options.LearningRate, options.Steps, options.LrWarmupSteps);
        var timesteps = new TimestepSampler(options.TimestepType, options.ContentOrStyle, options.WeightedTable);
        var losses = new List<double>();
        var gradNorms = new List<double>();
        var stepMs = new List<double>();
        for (int step = 0; step < options.Steps; step++)
        {
            var stepClock = Stopwatch.StartNew();
            double lr = schedule.At(step);
            double loss, sigmaDrawn;
            using (NewDisposeScope())
            {
                Tensor x0 = latent.to(s.Device);
                Tensor noise = randn(x0.shape, ScalarType.Float32, generator: generators["noise"]).to(s.Device);
                IReadOnlyList<TrainingTimestep> draws = timesteps.Sample(1, generators["timesteps"]);
                Tensor sigma = tensor(draws.Select(d => (float)d.Sigma).ToArray(), device: s.Device).view(-1, 1, 1, 1);
                Tensor xt = (sigma.OneMinus() * x0).Plus(sigma * noise);
                Tensor t = tensor(draws.Select(d => (float)d.ModelTime).ToArray(), device: s.Device);
                Tensor prediction = Predict(model, xt, t, [caption]);
                Tensor total = FlowMatchLoss.Compute(prediction, noise - x0, draws.Select(d => d.Weight).ToList(), options.LossType, options.DifferentialGuidanceScale);
                total.backward();
                loss = total.item<float>();
                sigmaDrawn = draws[0].Sigma;
            }
            double gradNorm = nn.utils.clip_grad_norm_(parameters.Select(p => p.Parameter), options.MaxGradNorm);
            optimizer.Step(lr);
            optimizer.ZeroGrad();
            Synchronize(s.Device); // the step time covers the optimizer update too
            stepMs.Add(stepClock.Elapsed.TotalMilliseconds);
            losses.Add(loss);
            gradNorms.Add(gradNorm);
            output.WriteLine($"step {step + 1,2}/{options.Steps}: loss {loss:F6}  sigma {sigmaDrawn:F3}  grad norm {gradNorm:F4}  {stepMs[^1],8:F1} ms");
        }
        var steady = stepMs.Skip(1).Order().ToList();
        output.WriteLine($"step time: first {stepMs[0]:F0} ms, median of steps 2-{options.Steps} {steady[steady.Count / 2]:F1} ms");

        // (a) every loss (and gradient norm) is finite.
        Assert.All(losses.Select((l, i) => (l, i)), x => Assert.True(double.IsFinite(x.l), $"loss at step {x.i + 1} is {x.l}"));
        Assert.All(gradNorms.Select((g, i) => (g, i)), x => Assert.True(double.IsFinite(x.g), $"gradient norm at step {x.i + 1} is {x.g}"));

        // (b) every LoRA factor moved: B away from its zero start, A away from its Kaiming draw.
        Dictionary<string, Tensor> trained = lora.StateDict(ScalarType.Float32).ToDictionary(p => p.Key, p => p.Value.clone());
        var unchanged = trained.Where(p => Identical(p.Value, initial[p.Key])).Select(p => p.Key).ToList();
        double meanAbsB = trained.Where(p => p.Key.EndsWith(".lora_B.weight", StringComparison.Ordinal)).Average(p => p.Value.abs().mean().item<float>());
        output.WriteLine($"LoRA factors changed: {trained.Count - unchanged.Count} of {trained.Count}; mean |B| {meanAbsB:E3}");
        Assert.True(unchanged.Count == 0, $"{unchanged.Count} LoRA factor(s) did not change, e.g. {unchanged.FirstOrDefault()}");

        // Reference outputs on fixed inputs (σ = 0.5), with the trained network and with the base alone.
        using Tensor evalNoise = randn(latent.shape, ScalarType.Float32, generator: new Generator(4242));
        using Tensor evalXt = latent.mul(HeldScalars.Half).Plus(evalNoise.mul(HeldScalars.Half)).to(s.Device);
        using Tensor evalT = tensor(new[] { 0.5f }, device: s.Device);
        Tensor Outputs() { using (no_grad()) return Predict(model, evalXt, evalT, [caption]); }
        using Tensor trainedOut = Outputs();
        lora.Enabled = false;
        using Tensor baseOut = Outputs();
        lora.Enabled = true;
        Assert.True(trainedOut.isfinite().all().item<bool>(), "the trained model's outputs are not all finite");

        // ---- (c) save with CheckpointStore as the trainer does, reload into a fresh network on the same base ----
        IReadOnlyDictionary<string, Tensor> optimizerState = optimizer.StateDict();
        var generatorStates = generators.ToDictionary(g => g.Key, g => g.Value.get_state());
        var store = CheckpointStore.For(options);
        var position = new DataPosition(options.Steps - 1, 1); // one example, batch 1: the last batch was batch 0 of epoch Steps − 1
        var saveClock = Stopwatch.StartNew();
        SavedCheckpoint saved = store.Save(new TrainingCheckpoint(options.Steps, position, lora.StateDict(options.SaveDtype), optimizerState,
            generatorStates, LoraMetadata.Build(options.Name, options.Steps, position.Epoch, options.TriggerWord, options.Meta))
        {
            Parameters = lora.StateDict(ScalarType.Float32),
        });
        output.WriteLine($"checkpoint saved in {saveClock.ElapsedMilliseconds} ms: {saved.LoraPath} ({new FileInfo(saved.LoraPath).Length:N0} bytes), " +
                         $"{saved.StatePath} ({new FileInfo(saved.StatePath).Length:N0} bytes)");
        lora.Dispose(); // the trained network's hooks leave the base; only the reloaded one is attached below

        SavedCheckpoint? found = store.FindLatestComplete(output.WriteLine);
        Assert.NotNull(found);
        Assert.Equal(options.Steps, found.Step);
        TrainingCheckpoint checkpoint = store.Load(found);
        Assert.Equal(position, checkpoint.Data);

        // The fresh network starts from a different draw, so only the load can make it equal to the trained one.
        using var reloaded = LoraNetwork.CreateTrainable(model, options.Rank, options.Targets, new Generator((ulong)options.Seed + 1000));
        reloaded.Load(checkpoint.Parameters, found.StatePath);
        foreach (var (name, p) in reloaded.Parameters())
            Assert.True(Identical(p.detach().cpu(), trained[name]), $"{name}: the reloaded float32 factor is not bit-identical to the trained one");

        using Tensor reloadedOut = Outputs();
        bool bitIdentical = Identical(reloadedOut, trainedOut);
        double reloadError = RelativeL2(reloadedOut, trainedOut);
        double loraEffect = RelativeL2(baseOut, trainedOut);
        output.WriteLine($"reloaded outputs vs trained: relative L2 {reloadError:E3}, bit-identical {bitIdentical}; " +
                         $"base (no LoRA) vs trained: relative L2 {loraEffect:E3}");
        Assert.True(reloadError <= OutputTolerance, $"reloaded outputs differ from the trained network's by {reloadError:E3} relative L2 (limit {OutputTolerance:E0})");
        Assert.True(loraEffect > reloadError, $"the trained LoRA changes the outputs by only {loraEffect:E3}, not more than the reload difference {reloadError:E3}");

        // The optimizer and random streams come back exactly too (the rest of a resume).
        using (ITrainingOptimizer resumed = NewOptimizer(options, reloaded.Parameters()))
        {
            resumed.LoadStateDict(checkpoint.OptimizerState);
            IReadOnlyDictionary<string, Tensor> again = resumed.StateDict();
            Assert.Equal(optimizerState.Keys.Order(), again.Keys.Order());
            foreach (var (key, value) in optimizerState)
                Assert.True(Identical(again[key], value), $"optimizer state {key} differs after the reload");
        }
        foreach (var (name, state) in generatorStates)
            Assert.True(Identical(checkpoint.GeneratorStates[name], state), $"generator {name} state differs after the reload");

        // The ai-toolkit LoRA file: the trained factors rounded to the save dtype, bit for bit.
        Assert.Equal(trained.Keys.Order(), checkpoint.Lora.Keys.Order());
        foreach (var (name, value) in trained)
            Assert.True(Identical(checkpoint.Lora[name], value.to(options.SaveDtype)), $"{name} in {found.LoraPath} is not the trained factor in {options.SaveDtype}");
        reloaded.Dispose();
        using (var file = ZImageLora.Read(found.LoraPath))
        using (LoraNetwork.FromFile(model, file, multiplier: 1.0))
        {
            using Tensor fileOut = Outputs();
            output.WriteLine($"outputs through the {options.SaveDtype} LoRA file (LoraNetwork.FromFile) vs trained: relative L2 {RelativeL2(fileOut, trainedOut):E3} (informational)");
        }

        foreach (var t in initial.Values.Concat(trained.Values).Concat(optimizerState.Values).Concat(generatorStates.Values)
                     .Concat(checkpoint.Lora.Values).Concat(checkpoint.Parameters.Values).Concat(checkpoint.OptimizerState.Values)
                     .Concat(checkpoint.GeneratorStates.Values))
            t.Dispose();
    }

    /// <summary>The trainer's Predict: −output in float32, frame axis dropped, (B, 16, h, w).</summary>
    static Tensor Predict(ZImageTransformer2DModel model, Tensor xt, Tensor t, IReadOnlyList<Tensor> captions)
    {
        using var scope = NewDisposeScope();
        var inputs = Enumerable.Range(0, (int)xt.shape[0]).Select(i => xt[i].unsqueeze(1).to(model.DType)).ToList(); // each (16, 1, h, w)
        List<Tensor> outputs = model.forward(inputs, t, captions);
        return (-stack(outputs).to(ScalarType.Float32).squeeze(2)).MoveToOuterDisposeScope();
    }

    static ITrainingOptimizer NewOptimizer(TrainerOptions options, IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> parameters) =>
        options.Optimizer == OptimizerKind.AdamW8Bit
            ? new AdamW8bit(parameters, options.OptimizerHyper)
            : new Engine.Training.Optimizers.AdamW(parameters, options.OptimizerHyper);

    /// <summary>
    /// The model built directly on <paramref name="device"/> in <paramref name="dtype"/> (as bench/Models/RandomModels.cs
    /// does: every parameter is allocated there, no host copy), then refilled with N(0, 0.02), norm weights 1 and norm
    /// biases 0. TorchSharp 0.107's <c>Generator(seed, device)</c> always makes a CPU generator (its native
    /// <c>THSGenerator_new</c> ignores the device), which cannot drive a CUDA kernel; on CUDA the fill therefore draws
    /// from the CUDA default generator seeded with <c>torch.cuda.manual_seed</c>, on the CPU from an explicit generator.
    /// </summary>
    static ZImageTransformer2DModel RandomTransformer(ZImageConfig config, Device device, ScalarType dtype, long seed)
    {
        var model = new ZImageTransformer2DModel(config, device, dtype);
        var normParameters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, module) in model.named_modules())
        {
            if (module is not (Engine.Models.Common.RMSNorm or TorchSharp.Modules.LayerNorm)) continue;
            foreach (var (parameter, _) in module.named_parameters())
                normParameters.Add(name.Length == 0 ? parameter : $"{name}.{parameter}");
        }
        Generator? generator = device.type == DeviceType.CPU ? new Generator((ulong)seed) : null;
        if (generator is null) cuda.manual_seed(seed);
        using (no_grad())
        {
            foreach (var (name, p) in model.named_parameters())
            {
                if (!normParameters.Contains(name)) p.normal_(0, 0.02, generator);
                else if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
                else p.fill_(HeldScalars.One);
            }
        }
        return model;
    }

    static double RelativeL2(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        Tensor a = actual.to(ScalarType.Float64), e = expected.to(ScalarType.Float64);
        return ((a - e).norm() / e.norm()).item<double>();
    }

    /// <summary>Same dtype, shape and every element equal (bit-identical for non-NaN values).</summary>
    static bool Identical(Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape)) return false;
        using var scope = NewDisposeScope();
        return a.eq(b.to(a.device)).all().item<bool>();
    }

    static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) cuda.synchronize(); // as the bench harness does
    }
}
