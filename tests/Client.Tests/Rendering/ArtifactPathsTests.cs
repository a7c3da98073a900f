using ZImageSweep.Client.Rendering;

namespace ZImageSweep.Client.Tests.Rendering;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ArtifactPathsTests
{
    [Theory]
    [InlineData("/a/artifacts/sweeps/s/arm/lora.safetensors", "sweeps/s/arm/lora.safetensors")]
    [InlineData("/a/artifacts-old/x.png", "/a/artifacts-old/x.png")] // a sibling that shares the root's prefix
    [InlineData("/elsewhere/x.png", "/elsewhere/x.png")]
    public void Show_GivesPathsUnderTheRootRelatively_AndOthersAsTheyAre(string path, string shown) =>
        Assert.Equal(shown, new ArtifactPaths("/a/artifacts").Show(path));

    [Fact]
    public void WithoutARoot_PathsAreShownAsTheyAre() =>
        Assert.Equal("/a/artifacts/x.png", new ArtifactPaths(null).Show("/a/artifacts/x.png"));
}
