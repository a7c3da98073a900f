namespace ZImageSweep.Grains.Tests;

/// <summary>One cluster for all grain tests: starting silos costs seconds, and each test works on its own sweep.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<SweepClusterFixture>
{
    public const string Name = "cluster";
}
