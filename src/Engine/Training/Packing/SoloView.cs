using ZImageSweep.Engine.Lora;

namespace ZImageSweep.Engine.Training.Packing;

/// <summary>
/// The shared model as one arm alone sees it, for that arm's previews and validation (which batch only its own
/// items): every other arm's LoRA and adapter switched off, the arm's own networks over the whole batch. Disposing
/// puts back exactly what it changed.
/// </summary>
sealed class SoloView : IDisposable
{
    readonly List<(LoraNetwork Network, bool Enabled, BatchRows? Rows)> _changed = [];

    public SoloView(IEnumerable<PackMember> members, TrainingSession own)
    {
        foreach (LoraNetwork other in members.Where(m => m.Run.Session != own).SelectMany(m => m.Networks))
        {
            _changed.Add((other, other.Enabled, other.Rows));
            other.Enabled = false;
        }
        foreach (LoraNetwork network in PackMember.NetworksOf(own))
        {
            _changed.Add((network, network.Enabled, network.Rows));
            network.Rows = null;
        }
    }

    public void Dispose()
    {
        foreach (var (network, enabled, rows) in _changed) (network.Enabled, network.Rows) = (enabled, rows);
    }
}
