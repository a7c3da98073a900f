using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Grains.Sweeps;

/// <summary>The first request seen under one client request id, kept in grain storage so that it outlives the silo.</summary>
public sealed class SweepRequestGrain(
    [PersistentState("request", StorageNames.Grains)] IPersistentState<SweepRequestState> state) : Grain, ISweepRequestGrain
{
    async Task<SweepRequest> ISweepRequestGrain.Claim(SweepRequest request)
    {
        if (state.State.First is { } first) return first;
        state.State.First = request;
        await state.WriteStateAsync();
        return request;
    }
}
