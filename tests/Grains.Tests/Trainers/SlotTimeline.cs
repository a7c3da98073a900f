namespace ZImageSweep.Grains.Tests.Trainers;

/// <summary>
/// Replays the GPU scheduler's log events (leased 5001, waiting 5002, given back 5003, handed on 5004 right after the
/// release that freed the slot; the scheduler is one grain, so they are in the order it decided) and the worker starts
/// (2001), and collects every moment that breaks the placement rules of unpacked arms: a slot leased or handed to a
/// second experiment, an experiment waiting while a slot is free (checked once a release's hand-offs are logged), a
/// worker started while the slot's previous worker still ran.
/// </summary>
internal sealed class SlotTimeline
{
    const int WorkerStarted = 2001, SlotLeased = 5001, SlotAwaited = 5002, SlotReleased = 5003, SlotHanded = 5004;

    readonly List<string> _violations = [];
    readonly Dictionary<string, string> _holders = []; // slot → experiment
    readonly List<string> _waiting = [];

    public SlotTimeline(IEnumerable<SiloEvent> events, int slotCount)
    {
        foreach (var e in events)
        {
            switch (e.Id)
            {
                case SlotLeased:
                    Take(e.Text("Slot"), e.Text("Experiment"), e);
                    break;
                case SlotAwaited:
                    _waiting.Add(e.Text("Experiment"));
                    Waited.Add(e.Text("Experiment"));
                    break;
                case SlotReleased:
                    if (_holders.GetValueOrDefault(e.Text("Slot")) != e.Text("Experiment")) _violations.Add($"{e}: the slot was not held by the experiment giving it back");
                    _holders.Remove(e.Text("Slot"));
                    continue; // its hand-offs follow
                case SlotHanded:
                    Take(e.Text("Slot"), e.Text("Experiment"), e);
                    HandedOver.Add(e.Text("Experiment"));
                    break;
                case WorkerStarted:
                    WorkerSlots.Add(e.Text("Slot"));
                    if (e.SlotHadLiveWorker) _violations.Add($"{e}: the slot's previous worker was still running");
                    continue;
                default:
                    continue;
            }
            MostLeased = Math.Max(MostLeased, _holders.Count);
            if (_waiting.Count > 0 && _holders.Count < slotCount)
                _violations.Add($"after {e}: {_waiting.Count} experiments waited while {slotCount - _holders.Count} slots were free");
        }
    }

    /// <summary>Every broken rule, with the event after which it was seen; empty when placement was right throughout.</summary>
    public IReadOnlyList<string> Violations => _violations;

    /// <summary>The most slots leased at once.</summary>
    public int MostLeased { get; private set; }

    /// <summary>Experiments that had to wait for a slot, and those that got one handed over when another gave it back.</summary>
    public List<string> Waited { get; } = [];

    public List<string> HandedOver { get; } = [];

    /// <summary>The slot of every worker start, in order.</summary>
    public List<string> WorkerSlots { get; } = [];

    void Take(string slot, string experiment, SiloEvent e)
    {
        if (_holders.TryGetValue(slot, out var holder)) _violations.Add($"{e}: the slot was still held by {holder}");
        if (_holders.ContainsValue(experiment)) _violations.Add($"{e}: the experiment already held a slot");
        _holders[slot] = experiment;
        _waiting.Remove(experiment);
    }
}
