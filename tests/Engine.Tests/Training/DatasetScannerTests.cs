using ZImageSweep.Engine.Training.Data;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class DatasetScannerTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    void Touch(string relative, string content = "x")
    {
        string path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void Scan_PairsImagesWithCaptionsRecursivelyAndSkipsCachesAndHiddenFolders()
    {
        Touch("b.png"); Touch("b.txt", "a red fox");
        Touch("a.JPG");
        Touch("sub/c.webp"); Touch("sub/c.txt", "");
        Touch("_latent_cache/d.png"); Touch(".hidden/e.png"); Touch("notes.md");

        var images = DatasetScanner.Scan(_dir, "txt", "a photo");

        Assert.Equal([Path.Combine(_dir, "a.JPG"), Path.Combine(_dir, "b.png"), Path.Combine(_dir, "sub", "c.webp")], images.Select(i => i.Path));
        Assert.Equal(["a photo", "a red fox", "a photo"], images.Select(i => i.Caption));
    }

    [Fact]
    public void Scan_EmptyFolderIsAnErrorNamingTheFolder()
    {
        Touch("readme.txt");
        var e = Assert.Throws<EmptyDatasetException>(() => DatasetScanner.Scan(_dir, ".txt", null));
        Assert.Contains(_dir, e.Message);
    }

    [Fact]
    public void Scan_MissingFolderIsAnErrorNamingIt()
    {
        string missing = Path.Combine(_dir, "nope");
        var e = Assert.Throws<DirectoryNotFoundException>(() => DatasetScanner.Scan(missing, ".txt", null));
        Assert.Contains(missing, e.Message);
    }
}
