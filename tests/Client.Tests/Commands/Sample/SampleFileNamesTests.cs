using ZImageSweep.Client.Commands.Sample;

namespace ZImageSweep.Client.Tests.Commands.Sample;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SampleFileNamesTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-names-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Next_NamesByPromptAndSeed_AndCountsUpWhenTaken()
    {
        Assert.Equal(Path.Combine(_dir, "003_42.png"), SampleFileNames.Next(_dir, 3, 42, ".png"));
        File.WriteAllText(Path.Combine(_dir, "003_42.png"), "");
        File.WriteAllText(Path.Combine(_dir, "003_42_2.png"), "");
        Assert.Equal(Path.Combine(_dir, "003_42_3.png"), SampleFileNames.Next(_dir, 3, 42, ".png"));
        Assert.Equal(Path.Combine(_dir, "003_42.jpg"), SampleFileNames.Next(_dir, 3, 42, ".jpg"));
    }
}
