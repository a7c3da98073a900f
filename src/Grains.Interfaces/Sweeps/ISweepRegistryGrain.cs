namespace ZImageSweep.Grains.Interfaces.Sweeps;

/// <summary>The names of all sweeps, for <c>zsweep ls</c> (key: <see cref="Singleton"/>).</summary>
[Alias("zsweep.ISweepRegistryGrain")]
public interface ISweepRegistryGrain : IGrainWithIntegerKey
{
    public const long Singleton = 0;

    [Alias("Add")] Task Add(string sweep);

    [Alias("List")] Task<IReadOnlyList<string>> List();
}
