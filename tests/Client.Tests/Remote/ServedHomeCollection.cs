namespace ZImageSweep.Client.Tests.Remote;

/// <summary>The API and remote CLI tests share one served home: starting its silo is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class ServedHomeCollection : ICollectionFixture<ServedHome>
{
    public const string Name = "served home";
}
