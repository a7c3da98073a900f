using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Sweeps;

/// <summary>The list of sweep names, kept so <c>zsweep ls</c> needs no storage query.</summary>
public sealed class SweepRegistryGrain(
    [PersistentState("sweeps", StorageNames.Grains)] IPersistentState<List<string>> names) : Grain, ISweepRegistryGrain
{
    async Task ISweepRegistryGrain.Add(string sweep)
    {
        if (names.State.Contains(sweep)) return;
        names.State.Add(sweep);
        await names.WriteStateAsync();
    }

    Task<IReadOnlyList<string>> ISweepRegistryGrain.List() => Task.FromResult<IReadOnlyList<string>>(names.State.ToArray());
}
