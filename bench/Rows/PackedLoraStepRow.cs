using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Training;
using ZImageSweep.Engine.Training.Loss;
using ZImageSweep.Engine.Training.Optimizers;
using static TorchSharp.torch;
using AdamW = ZImageSweep.Engine.Training.Optimizers.AdamW;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// One packed training step of <paramref name="arms"/> arms on one shared bf16 base (issue 18, as
/// Training/Packing/PackedZImageTrainer runs it): per arm a rank-16 fp32 LoRA and a frozen rank-16 runtime training
/// adapter, each limited to the arm's row of the concatenated batch (<see cref="BatchRows"/>) and all applied by one
/// <see cref="PackedLoraGroup"/> hook per Linear; one forward and one backward of the summed flow-matching losses
/// (σ = 0.5), then per arm grad clip 1.0, AdamW step, zero grad. One <paramref name="pixels"/>² image per arm, the
/// profile's caption length, gradient checkpointing on. Two baselines in the same process, on the same model:
/// for k &gt; 1 the first arm alone in the pack (the others switched off), so <c>arm_steps_vs_k1</c> = (k / packed
/// ms) / (1 / one-arm ms); and for every k the first arm's SOLO step as solo training runs it (adapter merged into
/// the base, its LoRA through its own hooks, no rows), so <c>arm_steps_vs_solo</c> = (k / packed ms) / (1 / solo ms)
/// says what packing gains over training the arms one after another. Each of the packed and solo steps is also
/// split into forward, backward and optimizer phases (<see cref="PhaseTimer"/>: <c>packed_forward_ms</c>,
/// <c>solo_backward_host_ms</c>, …), and run through the base alone with every network off
/// (<c>base_only_*</c>, <c>solo_base_only_*</c>): what is left of the step without any LoRA work.
/// </summary>
public sealed class PackedLoraStepRow(int pixels, int arms) : BenchRow
{
    const int Rank = 16;

    public override string Id => $"packed-lora-step-{pixels}-k{arms}";
    public override string Name => $"{arms} packed arms, LoRA r{Rank} + runtime adapter r{Rank} each, step {pixels}², checkpointing on";
    public override BenchSuite Suite => BenchSuite.Packing;
    public override string DType => "bf16 + fp32 LoRA";

    sealed record ArmState(LoraNetwork Adapter, LoraNetwork Lora, AdamW Optimizer, Tensor Xt, Tensor Target, Tensor Caption);

    public override RowMeasurement Run(BenchContext context)
    {
        BenchProfile profile = context.Profile;
        manual_seed(context.Seed);
        var (model, setupMs) = context.Setup(() => RandomModels.Transformer(profile.Transformer, context.Device, ScalarType.BFloat16));
        var states = new List<ArmState>();
        var group = new PackedLoraGroup();
        using (model)
        {
            try
            {
                foreach (var p in model.parameters()) p.requires_grad = false;
                model.GradientCheckpointing = true;
                int latent = pixels / 8;
                for (int arm = 0; arm < arms; arm++)
                {
                    var adapter = LoraNetwork.CreateTrainable(model, Rank, new LoraTargets(), new Generator((ulong)(context.Seed + 100 + arm)));
                    foreach (var (_, p) in adapter.Parameters()) p.requires_grad = false; // frozen, as a training adapter is
                    var lora = LoraNetwork.CreateTrainable(model, Rank, new LoraTargets(), new Generator((ulong)(context.Seed + arm)));
                    Tensor x0 = context.RandomNormal([1, profile.Transformer.InChannels, latent, latent], ScalarType.Float32, salt: 10 * arm + 1);
                    Tensor noise = context.RandomNormal([1, profile.Transformer.InChannels, latent, latent], ScalarType.Float32, salt: 10 * arm + 2);
                    Tensor xt = FixedNoiseLevel.Noised(x0, noise).squeeze(0).unsqueeze(1).to(ScalarType.BFloat16); // (C, 1, h, w)
                    states.Add(new ArmState(adapter, lora, new AdamW(lora.Parameters(), new AdamWHyperParameters()), xt, noise - x0,
                        context.RandomNormal([profile.CaptionTokens, profile.Transformer.CapFeatDim], ScalarType.BFloat16, salt: 10 * arm + 3)));
                }
                foreach (ArmState state in states)
                {
                    group.Add(state.Adapter); // adapter first, as PackedZImageTrainer adds an arm's networks
                    group.Add(state.Lora);
                }
                using Tensor t = FixedNoiseLevel.ModelTimes(arms, context.Device);
                var metrics = new Dictionary<string, double>();

                // The packed batch through the base alone, every network off and the latents requiring a gradient so
                // that backward runs through the blocks as it does for a LoRA: the compute floor of the packed step
                // (it also runs backward through the two noise-refiner blocks, which carry no LoRA).
                void BaseOnly(string prefix, IReadOnlyList<ArmState> members)
                {
                    foreach (ArmState m in members)
                    {
                        m.Adapter.Enabled = m.Lora.Enabled = false;
                        m.Xt.requires_grad = true;
                    }
                    SplitSteps(prefix, members);
                    foreach (ArmState m in members)
                    {
                        m.Adapter.Enabled = m.Lora.Enabled = true;
                        m.Xt.requires_grad = false;
                        m.Xt.grad = null;
                    }
                }

                // Solo: only the first arm's LoRA over the whole batch (its adapter merged, see below). With phases, the step
                // is split into forward, backward and the arms' clip + optimizer, timed apart (PhaseTimer).
                void Step(IReadOnlyList<ArmState> members, bool solo = false, PhaseTimer? phases = null)
                {
                    void Phase(string name, Action work)
                    {
                        if (phases is null) work();
                        else phases.Phase(name, work);
                    }
                    for (int i = 0; i < members.Count; i++)
                        foreach (LoraNetwork network in new[] { members[i].Adapter, members[i].Lora }) network.Rows = solo ? null : new BatchRows(i, 1, members.Count);
                    Tensor? loss = null;
                    Phase("forward", () =>
                    {
                        Tensor prediction = -stack(model.forward(members.Select(m => m.Xt).ToList(), t.narrow(0, 0, members.Count), members.Select(m => m.Caption).ToList()))
                            .to(ScalarType.Float32).squeeze(2); // (k, C, h, w)
                        loss = members.Select((m, i) => FlowMatchLoss.Compute(prediction.narrow(0, i, 1), m.Target, [1.0], LossType.Mse)).Aggregate((a, b) => a.Plus(b));
                    });
                    Phase("backward", () => loss!.backward());
                    foreach (ArmState m in members.Where(m => m.Lora.Enabled)) // none in the base-only step
                        Phase("optimizer", () =>
                        {
                            m.Optimizer.Step(1e-4, maxGradNorm: 1.0);
                            m.Optimizer.ZeroGrad();
                        });
                    phases?.EndStep();
                }

                // Where a step's time goes (see PhaseTimer): the same step split into phases, after the timed iterations.
                void SplitSteps(string prefix, IReadOnlyList<ArmState> members, bool solo = false)
                {
                    var phases = new PhaseTimer(context.Synchronize);
                    for (int i = 0; i < context.Forward.Iterations; i++)
                        using (NewDisposeScope()) Step(members, solo, phases);
                    phases.Report(metrics, prefix);
                }

                TimingResult packed = context.Timer.Measure(() => Step(states), context.Forward);
                metrics["arms"] = arms;
                metrics["arm_steps_per_s"] = Math.Round(arms * 1000 / packed.Stats.Median, 3);
                SplitSteps("packed_", states);
                BaseOnly("base_only_", states);
                foreach (ArmState other in states.Skip(1)) other.Adapter.Enabled = other.Lora.Enabled = false;
                if (arms > 1)
                {
                    TimingResult alone = context.Timer.Measure(() => Step(states.Take(1).ToList()), context.Forward);
                    metrics["k1_ms"] = Math.Round(alone.Stats.Median, 3);
                    metrics["arm_steps_vs_k1"] = Math.Round(arms * alone.Stats.Median / packed.Stats.Median, 3);
                }
                // The solo step as ZImageTrainer runs it: the training adapter merged into the base once before training
                // (TrainingAdapterSwitch.MergeWeights) — this adapter's B is zero as created, so the merged base is
                // bit-identical to the base and the merge is skipped — and one plain LoRA through its own hooks.
                ArmState first = states[0];
                group.Remove(first.Adapter);
                group.Remove(first.Lora);
                first.Adapter.Enabled = false;
                TimingResult soloStep = context.Timer.Measure(() => Step([first], solo: true), context.Forward);
                SplitSteps("solo_", [first], solo: true);
                BaseOnly("solo_base_only_", [first]);
                metrics["solo_ms"] = Math.Round(soloStep.Stats.Median, 3);
                metrics["arm_steps_vs_solo"] = Math.Round(arms * soloStep.Stats.Median / packed.Stats.Median, 3);
                return new RowMeasurement(packed, setupMs, ImagesPerIteration: arms, Metrics: metrics,
                    Note: $"{arms} × ({(pixels / 16) * (pixels / 16)} image + {profile.CaptionTokens} caption tokens) per step");
            }
            finally
            {
                group.Dispose();
                foreach (ArmState s in states)
                {
                    s.Optimizer.Dispose();
                    s.Lora.Dispose();
                    s.Adapter.Dispose();
                    foreach (Tensor tensor in new[] { s.Xt, s.Target, s.Caption }) tensor.Dispose();
                }
            }
        }
    }
}
