using System.Text.RegularExpressions;

namespace ZImageSweep.Engine.Runtime;

/// <summary>A libtorch on this machine: its folder of shared libraries, its PyTorch version where known, whether it has CUDA.</summary>
/// <param name="Source">Where it was found, e.g. "python3 on PATH" or "conda env /opt/conda".</param>
public sealed partial record LibTorchInstall(string LibDir, string? Version, bool HasCuda, string Source)
{
    public override string ToString() => $"{LibDir} (PyTorch {Version ?? "of unknown version"}, {(HasCuda ? "CUDA" : "CPU only")}; from {Source})";

    /// <summary>The libtorch in <paramref name="libDir"/>, or null where the folder has no libtorch.so.</summary>
    /// <param name="torchPackage">The Python <c>torch</c> package it belongs to, whose <c>version.py</c> names the version;
    /// null to look beside the folder (pip's <c>torch/lib</c>, or a libtorch archive's <c>lib</c> with <c>build-version</c>).</param>
    public static LibTorchInstall? At(string libDir, string source, string? torchPackage = null)
    {
        if (!File.Exists(Path.Combine(libDir, "libtorch.so"))) return null;
        string parent = torchPackage ?? Path.GetDirectoryName(Path.GetFullPath(libDir).TrimEnd('/'))!;
        return new LibTorchInstall(Path.GetFullPath(libDir), ReadVersion(parent), File.Exists(Path.Combine(libDir, "libtorch_cuda.so")), source);
    }

    /// <summary>pip and conda packages write <c>torch/version.py</c>; libtorch archives a <c>build-version</c> file.</summary>
    static string? ReadVersion(string folder)
    {
        string versionPy = Path.Combine(folder, "version.py");
        if (File.Exists(versionPy) && VersionLine().Match(File.ReadAllText(versionPy)) is { Success: true } match) return match.Groups[1].Value;
        string buildVersion = Path.Combine(folder, "build-version");
        return File.Exists(buildVersion) ? File.ReadAllText(buildVersion).Trim() : null;
    }

    [GeneratedRegex(@"__version__\s*=\s*['""]([^'""]+)['""]")]
    private static partial Regex VersionLine();
}
