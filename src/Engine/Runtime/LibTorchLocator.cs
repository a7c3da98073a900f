namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// Chooses the libtorch to load. <c>ZSWEEP_LIBTORCH</c> wins; a build that carries libtorch uses its own; an external
/// build (<c>-p:LibTorch=external</c>, e.g. a self-contained publish for a GPU host) looks in <c>LD_LIBRARY_PATH</c>,
/// then at the torch of the <c>python3</c> on PATH, then in conda environments, and takes the first whose version
/// TorchSharp 0.107 supports (<see cref="LibTorchSupport"/>), preferring one with CUDA.
/// </summary>
public static class LibTorchLocator
{
    /// <exception cref="LibTorchLoadException"><c>ZSWEEP_LIBTORCH</c> names something that cannot be used.</exception>
    public static LibTorchChoice Choose(LibTorchSearch search)
    {
        if (search.ExplicitDir is { } dir) return Explicit(dir);
        if (search.BuildCarriesLibTorch)
            return new LibTorchChoice(null, $"the libtorch this build carries (-p:LibTorch={LibTorchSearch.BuildVariant}); " +
                                            $"{LibTorchSearch.LibTorchDirVariable} is not set", []);

        var notes = new List<string>();
        var usable = Candidates(search, notes).Where(install => Usable(install, notes)).ToList();
        // CUDA first: a host with a CPU-only and a CUDA PyTorch trains on the GPU.
        if (usable.OrderByDescending(install => install.HasCuda).FirstOrDefault() is { } chosen)
        {
            if (LibTorchSupport.Caveat(chosen.Version) is { } caveat) notes.Add(caveat);
            return new LibTorchChoice(chosen, $"found through {chosen.Source}, the first usable {(chosen.HasCuda ? "CUDA " : "")}PyTorch in the search order", notes);
        }
        return new LibTorchChoice(null, "no usable PyTorch found (looked in LD_LIBRARY_PATH, the python3 on PATH and conda environments)", notes);
    }

    static LibTorchChoice Explicit(string dir)
    {
        string variable = LibTorchSearch.LibTorchDirVariable;
        if (!Directory.Exists(dir)) throw new LibTorchLoadException($"{variable}={dir}: no such folder. Point it at a PyTorch install's torch/lib folder.");
        var install = LibTorchInstall.At(dir, variable) ?? throw new LibTorchLoadException($"{variable}={dir}: libtorch.so is missing; this is not a libtorch folder.");
        if (LibTorchSupport.Refusal(install.Version) is { } refusal) throw new LibTorchLoadException($"{variable}={dir}: {refusal}.");
        var notes = LibTorchSupport.Caveat(install.Version) is { } caveat ? new[] { caveat } : [];
        return new LibTorchChoice(install, $"named by {variable}", notes);
    }

    /// <summary>Every libtorch the search can see, in search order; what was looked at and not found goes to the notes.</summary>
    static IEnumerable<LibTorchInstall> Candidates(LibTorchSearch search, List<string> notes)
    {
        foreach (string folder in search.LibraryPath)
            if (LibTorchInstall.At(folder, "LD_LIBRARY_PATH") is { } fromLibraryPath) yield return fromLibraryPath;

        if (search.PythonTorchPackage() is { } package)
        {
            if (InTorchPackage(package, "python3 on PATH") is { } fromPython) yield return fromPython;
            else notes.Add($"python3 on PATH: its torch package {package} has no libtorch.so");
        }
        else notes.Add("python3 on PATH: none, or it has no torch package");

        foreach (string environment in search.CondaEnvironments)
        foreach (string condaPackage in TorchPackagesIn(environment))
            if (InTorchPackage(condaPackage, $"conda env {environment}") is { } fromConda) yield return fromConda;
    }

    static bool Usable(LibTorchInstall install, List<string> notes)
    {
        if (LibTorchSupport.Refusal(install.Version) is not { } refusal) return true;
        notes.Add($"{install.LibDir} (from {install.Source}): {refusal}");
        return false;
    }

    /// <summary>
    /// pip wheels keep libtorch in <c>torch/lib</c>; conda-forge's pytorch puts it in the environment's <c>lib</c>
    /// (three levels above <c>site-packages/torch</c>), with <c>version.py</c> still in the package.
    /// </summary>
    static LibTorchInstall? InTorchPackage(string package, string source) =>
        LibTorchInstall.At(Path.Combine(package, "lib"), source, package)
        ?? LibTorchInstall.At(Path.GetFullPath(Path.Combine(package, "..", "..", "..")), source, package);

    static IEnumerable<string> TorchPackagesIn(string environment)
    {
        string lib = Path.Combine(environment, "lib");
        if (!Directory.Exists(lib)) return [];
        return Directory.GetDirectories(lib, "python3*").Order(StringComparer.Ordinal)
            .Select(python => Path.Combine(python, "site-packages", "torch"))
            .Where(Directory.Exists);
    }
}
