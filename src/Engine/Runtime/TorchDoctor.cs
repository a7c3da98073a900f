using System.Reflection;
using TorchSharp;
using ZImageSweep.Build;
using ZImageSweep.Contracts.Gpu;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Runtime;

/// <summary>Checks that TorchSharp, libtorch and (where present) CUDA load and compute correctly.</summary>
public static class TorchDoctor
{
    public static DoctorReport Run()
    {
        var checks = new List<string>();
        var problems = new List<string>();
        string torchSharpVersion = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                                   ?? typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown";
        string? libstdcxx = LibTorchSharpElf.FindSystemLibStdCxx();
        bool libstdcxxIsNew = libstdcxx is not null && LibTorchSharpElf.LibStdCxxHasRequiredVersion(libstdcxx);
        string libstdcxxText = libstdcxx is null ? "not found" : $"{libstdcxx} ({(libstdcxxIsNew ? "has" : "lacks")} {LibTorchSharpElf.RequiredVersion})";

        try
        {
            LibTorchLoader.EnsureLoaded();
        }
        catch (LibTorchLoadException e)
        {
            problems.Add(e.Message);
            return new DoctorReport(torchSharpVersion, "not loaded", null, LibTorchLoader.Choice, LoadedLibrary("libLibTorchSharp.so"), libstdcxxText,
                PatchState(LoadedLibrary("libLibTorchSharp.so"), libstdcxxIsNew), false, 0, Nvml.ListGpus(), checks, problems);
        }

        string? libtorchPath = LoadedLibrary("libtorch_cpu.so");
        string? bindingsPath = LoadedLibrary("libLibTorchSharp.so");
        CheckCpuCompute(checks, problems);

        bool cuda = cuda_is_available();
        int cudaDevices = cuda ? (int)torch.cuda.device_count() : 0;
        if (cuda) CheckCudaBf16Matmul(checks, problems);

        return new DoctorReport(torchSharpVersion, LibTorchVersion(LibTorchLoader.Choice), libtorchPath, LibTorchLoader.Choice, bindingsPath, libstdcxxText,
            PatchState(bindingsPath, libstdcxxIsNew), cuda, cudaDevices, Nvml.ListGpus(), checks, problems);
    }

    static void CheckCpuCompute(List<string> checks, List<string> problems)
    {
        using var scope = NewDisposeScope();
        var a = HeldTensorOps.Arange(0, 6, dtype: float64).reshape(2, 3);
        double sum = a.matmul(a.T).sum().item<double>(); // [[5,14],[14,50]] sums to 83
        if (sum == 83) checks.Add("CPU float64 matmul: correct");
        else problems.Add($"CPU float64 matmul returned {sum}, expected 83: libtorch computes wrong results");
    }

    /// <summary>A bf16 GEMM on the first GPU against the same product in float64 on the CPU.</summary>
    static void CheckCudaBf16Matmul(List<string> checks, List<string> problems)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(1234);
        var a = randn([512, 512], float64, generator: generator);
        var b = randn([512, 512], float64, generator: generator);
        var expected = a.matmul(b);
        var actual = a.to(bfloat16).cuda().matmul(b.to(bfloat16).cuda()).to(float64).cpu();
        double relL2 = (actual - expected).norm().item<double>() / expected.norm().item<double>();
        // bf16 keeps 8 mantissa bits: inputs round at ~2^-9 relative, so a K=512 product lands near 4e-3.
        const double tolerance = 1e-2;
        string line = $"CUDA bf16 matmul 512x512 vs float64 CPU: relative L2 error {relL2:E2} (tolerance {tolerance:E0})";
        if (relL2 <= tolerance) checks.Add(line);
        else problems.Add(line);
    }

    static string PatchState(string? bindingsPath, bool libstdcxxIsNew)
    {
        if (bindingsPath is null || !File.Exists(bindingsPath)) return "libLibTorchSharp.so not loaded";
        byte[] image = File.ReadAllBytes(bindingsPath);
        if (LibTorchSharpElf.IsPatched(image)) return libstdcxxIsNew ? "patched (not needed on this system, harmless)" : "patched (needed on this system)";
        if (LibTorchSharpElf.RequiresVersionStrongly(image)) return libstdcxxIsNew ? "not patched (not needed on this system)" : "NOT patched but needed: rebuild with `dotnet build`";
        return "not needed (this libLibTorchSharp.so does not require it)";
    }

    /// <summary>A PyTorch install names its version (torch/version.py); builds that carry libtorch report TorchSharp's bundled version.</summary>
    static string LibTorchVersion(LibTorchChoice? choice) =>
        choice?.External is { } install ? $"{install.Version ?? "unknown"} (PyTorch install)" : $"{torch.__version__} (bundled with TorchSharp)";

    /// <summary>The path the process mapped a shared library from, as /proc/self/maps says.</summary>
    static string? LoadedLibrary(string fileName)
    {
        if (!File.Exists("/proc/self/maps")) return null;
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash >= 0 && line.EndsWith("/" + fileName, StringComparison.Ordinal)) return line[slash..];
        }
        return null;
    }
}
