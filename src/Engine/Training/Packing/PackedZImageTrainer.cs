using TorchSharp;
using ZImageSweep.Contracts.Packing;
using ZImageSweep.Engine.Lora;
using static TorchSharp.torch;
using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Training.Packing;

/// <summary>
/// Trains the arms of a feed (<see cref="IArmFeed"/>) on one shared frozen base (GitHub issue 18), up to
/// <paramref name="capacity"/> at once: each step every arm draws its micro-batch exactly as it would alone
/// (<see cref="ArmRun"/>: its data order, timestep, noise and caption-dropout streams), the batches run through the base
/// as one concatenated batch with each arm's LoRA and training adapter limited to its own rows (<see cref="BatchRows"/>),
/// and one backward of the summed losses feeds each arm's factors from its own loss alone; then each arm clips with its
/// own norm, steps its own optimizer at its own learning rate, updates its EMA and saves, samples and validates as alone
/// (<see cref="SoloView"/>). The training adapter is never merged into the shared base: it is a frozen runtime LoRA per
/// arm, so arms with different adapters (or none) pack together. Membership changes between steps: an arm that
/// finishes, is stopped (it saves a checkpoint first), fails or is fenced leaves, and waiting arms join, each resuming
/// from its own newest complete checkpoint; an arm that cannot share the pack's step (<see cref="StepShape"/>)
/// waits until the pack is empty. A non-finite loss fails that arm only; the others go on. With no arm training the
/// trainer blocks on the feed until one comes or the feed ends the pack.
/// </summary>
/// <param name="models">The loaded base, already frozen and (float8) quantised as its arms' jobs ask.</param>
public sealed class PackedZImageTrainer(ZImageModelSet models, IArmFeed feed, int capacity = int.MaxValue)
{
    readonly List<PackMember> _active = [];
    readonly List<PackedArm> _held = [];
    // Every member's adapter and LoRA applied by one hook per Linear (batched over the arms' rows), not one per network;
    // a member's networks leave it when its session disposes them.
    readonly PackedLoraGroup _group = new();

    /// <summary>Trains until the feed ends the pack with no arm training; every arm's end goes to <see cref="IArmFeed.Ended"/>.</summary>
    public void Run()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        try
        {
            while (true)
            {
                Fill();
                // Arms leave between steps, right after their last checkpoint; the room they free is filled before the next step.
                var done = _active.Where(m => !m.Run.Running).ToList();
                foreach (PackMember member in done) Leave(member);
                if (done.Count > 0) continue;
                if (_active.Count == 0)
                {
                    if (feed.WaitForArms()) continue;
                    return;
                }
                Step(_active[0].Run.Options.GradientAccumulation);
            }
        }
        finally
        {
            foreach (PackMember member in _active) member.Run.Session.Dispose();
            _active.Clear();
            _group.Dispose();
        }
    }

    void Fill()
    {
        while (_active.Count < capacity && NextArm() is { } arm)
        {
            try
            {
                _active.Add(Join(arm));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                feed.Ended(arm, new PackedArmOutcome(arm.Name, null, e));
            }
        }
    }

    /// <summary>A held arm that fits the pack now, else the feed's next arm that does (the others are held).</summary>
    PackedArm? NextArm()
    {
        StepShape? pack = _active.Count == 0 ? null : _active[0].Arm.Options.StepShape;
        if (_held.FirstOrDefault(a => Conflict(pack, a) is null) is { } held)
        {
            _held.Remove(held);
            return held;
        }
        while (feed.Next(packEmpty: _active.Count == 0 && _held.Count == 0) is { } arm)
        {
            if (Conflict(pack, arm) is not { } conflict) return arm;
            arm.Observer.Message($"arm '{arm.Name}' waits until the pack is empty: {conflict.JobKey}: {conflict.Reason}");
            _held.Add(arm);
        }
        return null;
    }

    /// <summary>An empty pack takes any arm; otherwise the arm must share the training arms' step shape.</summary>
    static (string JobKey, string Reason)? Conflict(StepShape? pack, PackedArm arm) =>
        pack is null ? null : arm.Options.StepShape.ConflictWith(pack);

    /// <summary>Prepares the arm on the shared base (adapter first, so its hooks run before the LoRA's) and resumes it from its own checkpoint.</summary>
    PackMember Join(PackedArm arm)
    {
        if (_active.Count == 0) TrainingSession.FreezeBase(models.Transformer, arm.Options.GradientCheckpointing);
        // A low_vram arm before moved the VAE to the CPU; this arm's latents are encoded where a fresh load puts it.
        if (models.Vae.Device.type != models.Transformer.Device.type) models.Vae.MoveTo(models.Transformer.Device);
        TrainingAdapterSwitch? adapter = arm.TrainingAdapter is { } file ? TrainingAdapterSwitch.Runtime(models.Transformer, file) : null;
        TrainingSession session;
        try
        {
            session = TrainingSession.PrepareArm(arm.Options, models with { TrainingAdapter = arm.TrainingAdapter }, arm.Observer, adapter, preparedBase: null);
        }
        catch
        {
            adapter?.Dispose();
            throw;
        }
        try
        {
            // The text encoder and the VAE stay for the arms that come later, unless this arm's job asks to offload them.
            if (arm.Options.LowVram) TrainingSession.ReleaseCachingModels(arm.Options, models, arm.Observer.Message);
            var member = new PackMember(arm, ArmRun.Start(arm.Options, session, arm.Observer, arm.Control, () => new SoloView(_active, session)));
            foreach (LoraNetwork network in member.Networks) _group.Add(network);
            arm.Observer.Message($"arm '{arm.Name}' joins at step {member.Run.Step}: {_active.Count + 1} arm(s) training on the shared base");
            return member;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One step of every arm: the micro-batches through the base together, then each arm's own optimizer step. What
    /// fails in the shared forward or backward cannot be told apart by arm: every arm of the step fails with it.
    /// </summary>
    void Step(int microBatches)
    {
        var failed = new Dictionary<PackMember, Exception>();
        try
        {
            StepTogether(microBatches, failed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (PackMember member in _active) failed.TryAdd(member, e);
        }
        foreach (PackMember member in _active.ToList())
        {
            if (failed.TryGetValue(member, out Exception? failure))
            {
                Remove(member, new PackedArmOutcome(member.Arm.Name, null, failure));
                continue;
            }
            try
            {
                member.Run.EndStep();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Diverged, fenced (its checkpoint abandoned) or a save that failed: this arm alone.
                Remove(member, new PackedArmOutcome(member.Arm.Name, null, e));
            }
        }
    }

    void StepTogether(int microBatches, Dictionary<PackMember, Exception> failed)
    {
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
            // A preservation arm trains alone (StepShape), so its prior passes run over the whole batch.
            var losses = members.Select((m, i) => m.Run.MicroStepLoss(batches[i], captions =>
                ReferenceEquals(captions, batches[i].Captions) ? prediction.narrow(0, starts[i], batches[i].Count) : Predict(batches[i], captions))).ToList();
            double[] values = losses.Select(l => (double)l.Loss.item<float>()).ToArray(); // one host sync per arm and micro-batch
            var finite = Enumerable.Range(0, members.Count).Where(i => double.IsFinite(values[i])).ToList();
            // A diverged arm's loss stays out of the backward, so nothing of it reaches the other arms' gradients.
            if (finite.Count > 0) finite.Select(i => losses[i].Loss).Aggregate((a, b) => a.Plus(b)).backward();
            for (int i = 0; i < members.Count; i++)
            {
                if (finite.Contains(i)) members[i].Run.EndMicroStep(values[i], losses[i].Preservation);
                else
                {
                    failed[members[i]] = ArmRun.Diverged(members[i].Run.Step + 1, values[i]);
                    // Off for the step's remaining micro-batches, which no longer hold rows of this arm.
                    foreach (LoraNetwork network in members[i].Networks) network.Enabled = false;
                }
            }
        }
    }

    Tensor Predict(MicroBatch batch, IReadOnlyList<Tensor> captions) => VelocityPrediction.Of(models.Transformer, batch.Xt, batch.T, captions);

    void Leave(PackMember member)
    {
        PackedArmOutcome outcome;
        try
        {
            outcome = new PackedArmOutcome(member.Arm.Name, member.Run.Finish());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            outcome = new PackedArmOutcome(member.Arm.Name, null, e);
        }
        Remove(member, outcome);
    }

    void Remove(PackMember member, PackedArmOutcome outcome)
    {
        if (outcome.Failure is { } failure) member.Arm.Observer.Message($"arm '{member.Arm.Name}' leaves the pack: {failure.Message}");
        _active.Remove(member);
        member.Run.Session.Dispose();
        feed.Ended(member.Arm, outcome);
    }
}
