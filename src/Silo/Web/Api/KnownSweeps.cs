using ZImageSweep.Grains.Interfaces.Sweeps;

namespace ZImageSweep.Silo.Web.Api;

/// <summary>
/// Whether a name from a URL is a sweep, asked of the registry before any sweep or comparison grain is called, so a
/// mistyped name answers 404 instead of activating an empty grain.
/// </summary>
internal static class KnownSweeps
{
    public static async Task<bool> Contains(IGrainFactory grains, string sweep) =>
        (await grains.GetGrain<ISweepRegistryGrain>(ISweepRegistryGrain.Singleton).List()).Contains(sweep);
}
