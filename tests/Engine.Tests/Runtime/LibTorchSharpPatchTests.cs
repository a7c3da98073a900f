using ZImageSweep.Build;

namespace ZImageSweep.Engine.Tests.Runtime;

/// <summary>The GLIBCXX_3.4.32 fix applied to the real TorchSharp 0.107.0 library from the NuGet cache.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class LibTorchSharpPatchTests
{
    static byte[] OriginalLibrary()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                          ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return File.ReadAllBytes(Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));
    }

    [Fact]
    public void Patch_MakesTheVersionNeedWeakAndClearsTheAnchorSymbolVersion()
    {
        byte[] image = OriginalLibrary();
        Assert.True(LibTorchSharpElf.RequiresVersionStrongly(image));
        Assert.False(LibTorchSharpElf.IsPatched(image));

        LibTorchSharpElf.Patch(image);

        Assert.True(LibTorchSharpElf.IsPatched(image));
        Assert.False(LibTorchSharpElf.RequiresVersionStrongly(image));
    }

    [Fact]
    public void Patch_IsIdempotentAndTouchesOnlyFourBytes()
    {
        byte[] original = OriginalLibrary();
        byte[] once = (byte[])original.Clone();
        LibTorchSharpElf.Patch(once);
        byte[] twice = (byte[])once.Clone();
        LibTorchSharpElf.Patch(twice);

        Assert.Equal(once, twice);
        int changed = original.Zip(once).Count(pair => pair.First != pair.Second);
        Assert.InRange(changed, 1, 4); // one u16 flag field and one u16 version index
    }

    [Fact]
    public void Patch_RejectsAFileThatIsNotElf()
    {
        var notElf = new byte[128];
        Assert.Throws<InvalidDataException>(() => LibTorchSharpElf.Patch(notElf));
    }
}
