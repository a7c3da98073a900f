using System.Runtime.InteropServices;
using TorchSharp;
using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// Loads libtorch before TorchSharp's first native call. With the default build the NuGet CPU libtorch sits
/// beside the app and TorchSharp finds it itself. A build with <c>-p:LibTorch=external</c> carries no libtorch:
/// <see cref="LibTorchLocator"/> finds the host's PyTorch (<c>ZSWEEP_LIBTORCH</c>, <c>LD_LIBRARY_PATH</c>, the
/// <c>python3</c> on PATH, conda environments) and its libraries are preloaded from there (docs/platform.md#cuda-hosts-use-pytorchs-libraries).
/// </summary>
public static class LibTorchLoader
{
    // Dependency order: each library's DT_NEEDED entries are already loaded when it is opened, so the
    // loader reuses them (by soname) instead of searching for them. CUDA libraries are optional.
    static readonly string[] LoadOrder = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];
    static readonly string[] Required = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    static readonly Lock Gate = new();
    static bool _loaded;

    /// <summary>The libtorch this process chose and why; null before <see cref="EnsureLoaded"/> has run.</summary>
    public static LibTorchChoice? Choice { get; private set; }

    /// <summary>Finds and preloads the host's libtorch where the build needs one, then initialises TorchSharp's CPU backend.</summary>
    /// <exception cref="LibTorchLoadException">libtorch or TorchSharp's native bindings cannot be loaded.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            var search = LibTorchSearch.FromEnvironment();
            LibTorchChoice choice = Choice = LibTorchLocator.Choose(search);
            // Without a libtorch, TorchSharp's own fallback would copy the NuGet cache's CPU libtorch (600 MB) beside the app.
            if (choice.External is null && !search.BuildCarriesLibTorch)
                throw new LibTorchLoadException(
                    $"This build (-p:LibTorch=external) carries no libtorch, and {choice.Reason}: {string.Join("; ", choice.Notes)}. " +
                    $"Install PyTorch {LibTorchSupport.Minimum} or newer (`pip install torch`) or set {LibTorchSearch.LibTorchDirVariable} to its torch/lib folder.");
            if (choice.External is { } install) PreloadFrom(install.LibDir);
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
            {
                throw new LibTorchLoadException(
                    $"TorchSharp could not load libtorch ({choice.Reason}). Default builds carry the NuGet CPU libtorch; builds made with " +
                    $"-p:LibTorch=external need a PyTorch {LibTorchSupport.Minimum} or newer on the host (`pip install torch`), " +
                    $"or {LibTorchSearch.LibTorchDirVariable} set to a PyTorch install's torch/lib folder. Cause: {e.GetBaseException().Message}", e);
            }
            _loaded = true;
        }
    }

    static void PreloadFrom(string dir)
    {
        foreach (string name in LoadOrder)
        {
            string path = Path.Combine(dir, name);
            if (!File.Exists(path))
            {
                if (Required.Contains(name))
                    throw new LibTorchLoadException($"{dir}: {name} is missing; this is not a complete libtorch folder.");
                continue;
            }
            if (!NativeLibrary.TryLoad(path, out _))
                throw new LibTorchLoadException($"{path} exists but cannot be loaded (run `ldd {path}` to see which dependency is missing).");
        }
    }
}

/// <summary>libtorch or TorchSharp's native bindings could not be loaded; the message says what to set.</summary>
public sealed class LibTorchLoadException(string message, Exception? inner = null) : Exception(message, inner), IUserFacingError;
