using System.Runtime.InteropServices;
using TorchSharp;
using ZImageSweep.Contracts.Errors;

namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// Loads libtorch before TorchSharp's first native call. With the default build the NuGet CPU libtorch sits
/// beside the app and TorchSharp finds it itself. A build with <c>-p:LibTorch=external</c> carries no libtorch:
/// it is taken from an existing PyTorch install, either through <c>LD_LIBRARY_PATH</c> or by naming its
/// <c>torch/lib</c> folder in <see cref="LibTorchDirVariable"/> (docs/platform.md#cuda-hosts-use-pytorchs-libraries).
/// </summary>
public static class LibTorchLoader
{
    /// <summary>Environment variable naming a folder with libtorch's shared libraries (e.g. site-packages/torch/lib).</summary>
    public const string LibTorchDirVariable = "ZSWEEP_LIBTORCH";

    // Dependency order: each library's DT_NEEDED entries are already loaded when it is opened, so the
    // loader reuses them (by soname) instead of searching for them. CUDA libraries are optional.
    static readonly string[] LoadOrder = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];
    static readonly string[] Required = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    static readonly Lock Gate = new();
    static bool _loaded;

    /// <summary>Preloads an external libtorch when one is named, then initialises TorchSharp's CPU backend.</summary>
    /// <exception cref="LibTorchLoadException">libtorch or TorchSharp's native bindings cannot be loaded.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            string? dir = Environment.GetEnvironmentVariable(LibTorchDirVariable);
            if (!string.IsNullOrEmpty(dir)) PreloadFrom(dir);
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
            {
                throw new LibTorchLoadException(
                    "TorchSharp could not load libtorch. Default builds carry the NuGet CPU libtorch; builds made with " +
                    $"-p:LibTorch=external need {LibTorchDirVariable} (or LD_LIBRARY_PATH) set to a PyTorch install's torch/lib folder. " +
                    $"Cause: {e.GetBaseException().Message}", e);
            }
            _loaded = true;
        }
    }

    static void PreloadFrom(string dir)
    {
        if (!Directory.Exists(dir))
            throw new LibTorchLoadException($"{LibTorchDirVariable}={dir}: no such folder. Point it at a PyTorch install's torch/lib folder.");
        foreach (string name in LoadOrder)
        {
            string path = Path.Combine(dir, name);
            if (!File.Exists(path))
            {
                if (Required.Contains(name))
                    throw new LibTorchLoadException($"{LibTorchDirVariable}={dir}: {name} is missing; this is not a libtorch folder.");
                continue;
            }
            if (!NativeLibrary.TryLoad(path, out _))
                throw new LibTorchLoadException($"{path} exists but cannot be loaded (run `ldd {path}` to see which dependency is missing).");
        }
    }
}

/// <summary>libtorch or TorchSharp's native bindings could not be loaded; the message says what to set.</summary>
public sealed class LibTorchLoadException(string message, Exception? inner = null) : Exception(message, inner), IUserFacingError;
