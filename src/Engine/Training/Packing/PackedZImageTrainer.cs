using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Quantization;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Packing;

/// <summary>
/// Trains up to <paramref name="capacity"/> arms at once on one shared frozen base (GitHub issue 18): each step
/// every arm draws its micro-batch exactly as it would alone (<see cref="ArmRun"/>: its data order, timestep, noise
/// and caption-dropout streams), the batches run through the base as one concatenated batch with each arm's LoRA and
/// training adapter limited to its own rows (<see cref="BatchRows"/>), and one backward of the summed losses feeds
/// each arm's factors from its own loss alone; then each arm clips with its own norm, steps its own optimizer at its
/// own learning rate, updates its EMA and saves, samples and validates as alone (<see cref="SoloView"/>). The training
/// adapter is never merged into the shared base: it is a frozen runtime LoRA per arm, so arms with different adapters
/// (or none) pack together. Membership changes between steps: an arm that finishes, is stopped (it saves a checkpoint
/// first) or fails leaves, and the next waiting arm joins, resuming from its own newest complete checkpoint. A
/// non-finite loss fails that arm only; the others go on.
/// </summary>
public sealed class PackedZImageTrainer(ZImageModelSet models, IEnumerable<PackedArm> arms, int capacity)
{
    readonly List<PackMember> _active = [];
    // Every member's adapter and LoRA applied by one hook per Linear (batched over the arms' rows), not one per network;
    // a member's networks leave it when its session disposes them.
    readonly PackedLoraGroup _group = new();
    readonly List<PackedArmOutcome> _outcomes = [];

    /// <summary>Trains every arm to its end (finished, stopped or failed); returns their outcomes in the order they ended.</summary>
    public IReadOnlyList<PackedArmOutcome> Run()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var waiting = new Queue<PackedArm>(arms);
        if (waiting.Count == 0) return _outcomes;
        PackedArm first = waiting.Peek();
        TrainingSession.FreezeBase(models.Transformer, first.Options.GradientCheckpointing);
        // Quantized before any adapter is attached: the shared base stays the plain base.
        using Float8Weights? quantized = TrainingSession.Quantize(first.Options, models.Transformer, first.Observer.Message);
        bool released = false;
        try
        {
            while (true)
            {
                Fill(waiting, first.Options);
                if (waiting.Count == 0 && !released)
                {
                    // No arm will join any more: nothing needs the text encoder, nor (with low_vram) the VAE on the device.
                    TrainingSession.ReleaseCachingModels(first.Options, models, first.Observer.Message);
                    released = true;
                }
                // Arms leave between steps, right after their last checkpoint; the room they free is filled before the next step.
                var done = _active.Where(m => !m.Run.Running).ToList();
                foreach (PackMember member in done) Leave(member);
                if (done.Count > 0) continue;
                if (_active.Count == 0) return _outcomes;
                Step(first.Options.GradientAccumulation);
            }
        }
        finally
        {
            foreach (PackMember member in _active) member.Run.Session.Dispose();
            _active.Clear();
            _group.Dispose();
        }
    }

    void Fill(Queue<PackedArm> waiting, TrainerOptions pack)
    {
        while (_active.Count < capacity && waiting.TryDequeue(out PackedArm? arm))
        {
            try
            {
                PackCompatibility.Check(pack, arm.Options);
                _active.Add(Join(arm));
            }
            catch (Exception e)
            {
                _outcomes.Add(new PackedArmOutcome(arm.Name, null, e));
            }
        }
    }

    /// <summary>Prepares the arm on the shared base (adapter first, so its hooks run before the LoRA's) and resumes it from its own checkpoint.</summary>
    PackMember Join(PackedArm arm)
    {
        TrainingAdapterSwitch? adapter = arm.TrainingAdapter is { } file ? TrainingAdapterSwitch.Runtime(models.Transformer, file) : null;
        TrainingSession session;
        try
        {
            // The text encoder stays for arms that join later; Run releases it once none will.
            session = TrainingSession.PrepareArm(arm.Options, models with { TrainingAdapter = arm.TrainingAdapter, ReleaseTextEncoder = null }, arm.Observer, adapter, quantized: null);
        }
        catch
        {
            adapter?.Dispose();
            throw;
        }
        try
        {
            var member = new PackMember(arm, ArmRun.Start(arm.Options, session, arm.Observer, arm.Control, () => new SoloView(_active, session)));
            foreach (LoraNetwork network in member.Networks) _group.Add(network);
            return member;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>One step of every arm: the micro-batches through the base together, then each arm's own optimizer step.</summary>
    void Step(int microBatches)
    {
        var failed = new Dictionary<PackMember, Exception>();
        foreach (PackMember member in _active) member.Run.BeginStep();
        for (int micro = 0; micro < microBatches; micro++)
        {
            var members = _active.Where(m => !failed.ContainsKey(m)).ToList();
            if (members.Count == 0) break;
            using var scope = NewDisposeScope();
            var batches = members.Select(m => m.Run.NextMicroBatch(models.Transformer.Device)).ToList();
            long total = batches.Sum(b => b.Count);
            var starts = new long[members.Count];
            for (int i = 1; i < members.Count; i++) starts[i] = starts[i - 1] + batches[i - 1].Count;
            for (int i = 0; i < members.Count; i++) members[i].Limit(new BatchRows(starts[i], batches[i].Count, total));

            Tensor prediction = VelocityPrediction.Of(models.Transformer,
                cat(batches.Select(b => b.Xt).ToArray(), 0), cat(batches.Select(b => b.T).ToArray(), 0), batches.SelectMany(b => b.Captions).ToList());
            var losses = members.Select((m, i) => m.Run.Loss(batches[i], prediction.narrow(0, starts[i], batches[i].Count))).ToList();
            double[] values = losses.Select(l => (double)l.item<float>()).ToArray(); // one host sync per arm and micro-batch
            var finite = Enumerable.Range(0, members.Count).Where(i => double.IsFinite(values[i])).ToList();
            // A diverged arm's loss stays out of the backward, so nothing of it reaches the other arms' gradients.
            if (finite.Count > 0) finite.Select(i => losses[i]).Aggregate((a, b) => a + b).backward();
            for (int i = 0; i < members.Count; i++)
            {
                if (finite.Contains(i)) members[i].Run.EndMicroStep(values[i]);
                else
                {
                    failed[members[i]] = ArmRun.Diverged(members[i].Run.Step + 1, values[i]);
                    // Off for the step's remaining micro-batches, which no longer hold rows of this arm.
                    foreach (LoraNetwork network in members[i].Networks) network.Enabled = false;
                }
            }
        }
        foreach (PackMember member in _active.ToList())
        {
            if (failed.TryGetValue(member, out Exception? failure))
            {
                Fail(member, failure);
                continue;
            }
            try
            {
                member.Run.EndStep();
            }
            catch (TrainingDivergedException e)
            {
                Fail(member, e);
            }
        }
    }

    void Leave(PackMember member)
    {
        try
        {
            _outcomes.Add(new PackedArmOutcome(member.Arm.Name, member.Run.Finish()));
        }
        catch (TrainingDivergedException e)
        {
            _outcomes.Add(new PackedArmOutcome(member.Arm.Name, null, e));
        }
        _active.Remove(member);
        member.Run.Session.Dispose();
    }

    void Fail(PackMember member, Exception failure)
    {
        member.Arm.Observer.Message($"arm '{member.Arm.Name}' failed and leaves the pack: {failure.Message}");
        _outcomes.Add(new PackedArmOutcome(member.Arm.Name, null, failure));
        _active.Remove(member);
        member.Run.Session.Dispose();
    }
}
