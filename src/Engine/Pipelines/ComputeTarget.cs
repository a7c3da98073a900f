using TorchSharp;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>
/// Where and in which precision a pipeline runs, from the words a user types: device <c>auto</c> (CUDA when
/// <c>torch.cuda.is_available()</c>, else CPU), <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>; dtype <c>auto</c> (bf16 on
/// CUDA, fp32 on the CPU), <c>bf16</c> or <c>fp32</c>.
/// </summary>
public sealed record ComputeTarget(Device Device, ScalarType DType)
{
    public static IReadOnlyList<string> DeviceNames { get; } = ["auto", "cpu", "cuda", "cuda:N"];
    public static IReadOnlyList<string> DTypeNames { get; } = ["auto", "bf16", "fp32"];

    public static ComputeTarget Cpu { get; } = new(CPU, ScalarType.Float32);

    /// <exception cref="ZImagePipelineException">an unknown name, or CUDA asked for where it is not available.</exception>
    public static ComputeTarget Parse(string device, string dtype)
    {
        Device resolved = ParseDevice(device);
        return new ComputeTarget(resolved, ParseDType(dtype, resolved));
    }

    public static Device ParseDevice(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return CPU;
        if (n == "auto") return cuda.is_available() ? CUDA : CPU;
        if (n == "cuda" || (n.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(n[5..], out int index) && index >= 0))
        {
            if (!cuda.is_available())
                throw new ZImagePipelineException($"device '{name}'", "CUDA is not available here (torch.cuda.is_available() is false); use cpu, or run `zsweep doctor`");
            return new Device(n);
        }
        throw new ZImagePipelineException($"device '{name}'", $"unknown device; use one of {string.Join(", ", DeviceNames)}");
    }

    public static ScalarType ParseDType(string name, Device device) => name.Trim().ToLowerInvariant() switch
    {
        "auto" => device.type == DeviceType.CUDA ? ScalarType.BFloat16 : ScalarType.Float32,
        "bf16" or "bfloat16" => ScalarType.BFloat16,
        "fp32" or "float32" => ScalarType.Float32,
        _ => throw new ZImagePipelineException($"dtype '{name}'", $"unknown dtype; use one of {string.Join(", ", DTypeNames)}"),
    };

    public string DTypeName => DType switch { ScalarType.BFloat16 => "bf16", ScalarType.Float32 => "fp32", _ => DType.ToString() };

    public override string ToString() => $"{Device} {DTypeName}";
}
