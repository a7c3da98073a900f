using ZImageSweep.Engine.Runtime;

namespace ZImageSweep.Engine.Tests.Runtime;

/// <summary>The libtorch search of an external build, on fake PyTorch installs (empty library files, a version.py).</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class LibTorchLocatorTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("zsweep-libtorch-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>A pip layout: &lt;prefix&gt;/lib/python3.12/site-packages/torch with lib/libtorch*.so and version.py.</summary>
    string PipTorch(string prefix, string version, bool cuda)
    {
        string package = Path.Combine(_root, prefix, "lib", "python3.12", "site-packages", "torch");
        string lib = Directory.CreateDirectory(Path.Combine(package, "lib")).FullName;
        WriteLibraries(lib, cuda);
        File.WriteAllText(Path.Combine(package, "version.py"), $"__version__ = '{version}'\ndebug = False\ncuda = {(cuda ? "'13.0'" : "None")}\n");
        return package;
    }

    static void WriteLibraries(string lib, bool cuda)
    {
        foreach (string name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" }.Concat(cuda ? ["libc10_cuda.so", "libtorch_cuda.so"] : []))
            File.WriteAllBytes(Path.Combine(lib, name), []);
    }

    static LibTorchSearch ExternalBuild(string? python = null, string[]? conda = null, string[]? libraryPath = null, string? explicitDir = null) =>
        new(explicitDir, BuildCarriesLibTorch: false, libraryPath ?? [], () => python, conda ?? []);

    [Fact]
    public void TheTorchOfPython3OnPath_IsChosen_WithItsVersionAndCuda()
    {
        string package = PipTorch("venv", "2.11.0+cu130", cuda: true);

        var choice = LibTorchLocator.Choose(ExternalBuild(python: package));

        Assert.Equal(new LibTorchInstall(Path.Combine(package, "lib"), "2.11.0+cu130", true, "python3 on PATH"), choice.External);
        Assert.Contains("python3 on PATH", choice.Reason);
    }

    [Fact]
    public void APyTorchOlderThanTorchSharpNeeds_IsPassedOverWithTheReason_AndACondaEnvIsUsedInstead()
    {
        string old = PipTorch("venv", "2.5.1+cu121", cuda: true);
        PipTorch("miniconda3/envs/train", "2.10.0", cuda: true);

        var choice = LibTorchLocator.Choose(ExternalBuild(python: old, conda: [Path.Combine(_root, "miniconda3/envs/train")]));

        Assert.Equal("2.10.0", choice.External?.Version);
        Assert.Equal($"conda env {Path.Combine(_root, "miniconda3/envs/train")}", choice.External?.Source);
        Assert.Contains(choice.Notes, note => note.Contains("PyTorch 2.5.1+cu121 is older than 2.10"));
    }

    [Fact]
    public void CondaForgeLayout_WithLibrariesInTheEnvironmentsLib_IsFound()
    {
        string env = Path.Combine(_root, "opt-conda");
        string package = Directory.CreateDirectory(Path.Combine(env, "lib", "python3.11", "site-packages", "torch")).FullName;
        File.WriteAllText(Path.Combine(package, "version.py"), "__version__ = \"2.10.1\"\n");
        WriteLibraries(Path.Combine(env, "lib"), cuda: true);

        var choice = LibTorchLocator.Choose(ExternalBuild(conda: [env]));

        Assert.Equal(Path.Combine(env, "lib"), choice.External?.LibDir);
        Assert.Equal("2.10.1", choice.External?.Version);
    }

    [Fact]
    public void APyTorchWithCuda_IsPreferredToACpuOnlyOneFoundEarlier()
    {
        string cpu = PipTorch("venv", "2.11.0+cpu", cuda: false);
        PipTorch("conda-gpu", "2.11.0+cu128", cuda: true);

        var choice = LibTorchLocator.Choose(ExternalBuild(python: cpu, conda: [Path.Combine(_root, "conda-gpu")]));

        Assert.True(choice.External?.HasCuda);
        Assert.Equal("2.11.0+cu128", choice.External?.Version);
    }

    [Fact]
    public void LdLibraryPath_IsLookedAtFirst()
    {
        string lib = Path.Combine(PipTorch("ld", "2.10.0+cu126", cuda: true), "lib");
        string other = PipTorch("venv", "2.11.0+cu130", cuda: true);

        var choice = LibTorchLocator.Choose(ExternalBuild(python: other, libraryPath: ["/nonexistent", lib]));

        Assert.Equal(lib, choice.External?.LibDir);
        Assert.Equal("LD_LIBRARY_PATH", choice.External?.Source);
    }

    [Fact]
    public void ANewerPyTorchThanChecked_IsUsedWithANote()
    {
        var choice = LibTorchLocator.Choose(ExternalBuild(python: PipTorch("venv", "2.13.0+cu130", cuda: true)));

        Assert.Equal("2.13.0+cu130", choice.External?.Version);
        Assert.Contains(choice.Notes, note => note.Contains("newer than 2.11"));
    }

    [Fact]
    public void NoPyTorchAnywhere_ChoosesNothing_AndSaysWhereItLooked()
    {
        var choice = LibTorchLocator.Choose(ExternalBuild(conda: [Path.Combine(_root, "empty-env")]));

        Assert.Null(choice.External);
        Assert.Contains("no usable PyTorch", choice.Reason);
        Assert.Contains(choice.Notes, note => note.Contains("python3 on PATH"));
    }

    [Fact]
    public void ABuildThatCarriesLibTorch_DoesNotSearch()
    {
        var search = new LibTorchSearch(null, BuildCarriesLibTorch: true, [], () => throw new InvalidOperationException("searched"), []);

        var choice = LibTorchLocator.Choose(search);

        Assert.Null(choice.External);
        Assert.Contains("this build carries", choice.Reason);
    }

    [Fact]
    public void ZsweepLibTorch_WinsEvenInABuildThatCarriesLibTorch()
    {
        string lib = Path.Combine(PipTorch("venv", "2.11.0+cu130", cuda: true), "lib");

        var choice = LibTorchLocator.Choose(new LibTorchSearch(lib, BuildCarriesLibTorch: true, [], () => null, []));

        Assert.Equal(lib, choice.External?.LibDir);
        Assert.Contains(LibTorchSearch.LibTorchDirVariable, choice.Reason);
    }

    [Fact]
    public void ZsweepLibTorch_NamingAnOldOrAMissingLibTorch_IsAnErrorNamingIt()
    {
        string old = Path.Combine(PipTorch("venv", "2.4.0", cuda: false), "lib");

        var tooOld = Assert.Throws<LibTorchLoadException>(() => LibTorchLocator.Choose(ExternalBuild(explicitDir: old)));
        var missing = Assert.Throws<LibTorchLoadException>(() => LibTorchLocator.Choose(ExternalBuild(explicitDir: _root)));

        Assert.Contains($"ZSWEEP_LIBTORCH={old}: PyTorch 2.4.0 is older than 2.10", tooOld.Message);
        Assert.Contains("libtorch.so is missing", missing.Message);
    }

    [Theory]
    [InlineData("2.9.1+cu128", false, false)]
    [InlineData("2.10.0", true, false)]
    [InlineData("2.11.0+cu130", true, false)]
    [InlineData("2.12.0a0+git1234", true, true)]
    [InlineData(null, true, false)]
    public void Support_RefusesOlderThan210_AndWarnsAboveTheChecked211(string? version, bool usable, bool caveat)
    {
        Assert.Equal(usable, LibTorchSupport.Refusal(version) is null);
        Assert.Equal(caveat, LibTorchSupport.Caveat(version) is not null);
    }
}
