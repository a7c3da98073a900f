namespace ZImageSweep.Web.Tests;

/// <summary>The API and page tests share one trained sweep: training it is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class ServedSweepCollection : ICollectionFixture<ServedSweep>
{
    public const string Name = "served sweep";
}
