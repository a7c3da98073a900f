using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Runtime;

/// <summary>
/// Moves a module whose parameters all live on one device. TorchSharp 0.107 knows a module's device only from its own
/// <c>to()</c> calls (<c>Module._deviceType</c>, CPU until then), and <c>to(device)</c> skips a module it believes is
/// there already (Module.cs <c>_to(DeviceType, int, bool)</c>, read at dotnet/TorchSharp c20b6a1): a module built
/// with <c>device: CUDA</c> believes it is on the CPU, so <c>to(CPU)</c> left it on the GPU — a base "loaded via host"
/// stayed whole on an H100 (13.2 GiB at load, 2026-12-07) and low_vram's VAE never left it. Telling the module where
/// its parameters are first (a move to their own device copies nothing) makes the move real.
/// </summary>
public static class ModuleMoves
{
    public static T MoveTo<T>(this T module, Device device) where T : nn.Module
    {
        if (module.parameters().FirstOrDefault() is { } first) module.to(first.device);
        module.to(device);
        return module;
    }
}
