using System.Diagnostics;
using System.Reflection;

namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// What <see cref="LibTorchLocator"/> looks at, gathered from the process environment by <see cref="FromEnvironment"/>;
/// tests build it from fake folder layouts instead.
/// </summary>
/// <param name="ExplicitDir">The folder named by <c>ZSWEEP_LIBTORCH</c>, if set.</param>
/// <param name="BuildCarriesLibTorch">False for a <c>-p:LibTorch=external</c> build, which must find libtorch on the host.</param>
/// <param name="LibraryPath">The folders of <c>LD_LIBRARY_PATH</c>.</param>
/// <param name="PythonTorchPackage">The <c>torch</c> package folder of the <c>python3</c> on PATH, or null (no python3, no torch).</param>
/// <param name="CondaEnvironments">Conda environment folders, the active one first.</param>
public sealed record LibTorchSearch(
    string? ExplicitDir,
    bool BuildCarriesLibTorch,
    IReadOnlyList<string> LibraryPath,
    Func<string?> PythonTorchPackage,
    IReadOnlyList<string> CondaEnvironments)
{
    /// <summary>Environment variable naming a folder with libtorch's shared libraries (e.g. site-packages/torch/lib).</summary>
    public const string LibTorchDirVariable = "ZSWEEP_LIBTORCH";

    /// <summary>The MSBuild property <c>LibTorch</c> this assembly was built with (cpu, external or cuda; Engine.csproj).</summary>
    public static string BuildVariant => typeof(LibTorchSearch).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "ZImageSweep.LibTorch")?.Value ?? "cpu";

    // Where conda installers put their root by default; each root's envs/ folder holds the named environments.
    static readonly string[] CondaRootNames = ["miniconda3", "anaconda3", "miniforge3", "mambaforge", "micromamba", "conda"];

    public static LibTorchSearch FromEnvironment() => new(
        NullIfEmpty(Environment.GetEnvironmentVariable(LibTorchDirVariable)),
        BuildVariant != "external",
        (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries),
        AskPythonForTorch,
        CondaEnvironmentsOnThisMachine());

    static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// Where the <c>python3</c> on PATH would import torch from. <c>find_spec</c> locates the package without importing
    /// it, so no CUDA initialisation: a fraction of a second.
    /// </summary>
    static string? AskPythonForTorch()
    {
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { "-c", "import importlib.util as u; s = u.find_spec('torch'); print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            using var python = Process.Start(start)!;
            var output = python.StandardOutput.ReadToEndAsync();
            _ = python.StandardError.ReadToEndAsync();
            if (!python.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                python.Kill(entireProcessTree: true);
                return null;
            }
            return NullIfEmpty(output.Result.Trim());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no python3 on PATH
        }
    }

    static IReadOnlyList<string> CondaEnvironmentsOnThisMachine()
    {
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var roots = new List<string>();
        // CONDA_EXE is <root>/bin/conda (also in environments other than base that are active).
        if (NullIfEmpty(Environment.GetEnvironmentVariable("CONDA_EXE")) is { } condaExe) roots.Add(Path.GetFullPath(Path.Combine(condaExe, "..", "..")));
        foreach (string name in CondaRootNames)
        {
            roots.Add(Path.Combine(home, name));
            roots.Add(Path.Combine("/opt", name));
        }
        var environments = new List<string>();
        if (NullIfEmpty(Environment.GetEnvironmentVariable("CONDA_PREFIX")) is { } active) environments.Add(active);
        foreach (string root in roots.Where(Directory.Exists))
        {
            environments.Add(root);
            string envs = Path.Combine(root, "envs");
            if (Directory.Exists(envs)) environments.AddRange(Directory.GetDirectories(envs).Order(StringComparer.Ordinal));
        }
        return environments.Select(Path.GetFullPath).Distinct().ToList();
    }
}
