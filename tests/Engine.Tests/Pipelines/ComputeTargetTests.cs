using TorchSharp;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Pipelines;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ComputeTargetTests
{
    public ComputeTargetTests() => LibTorchLoader.EnsureLoaded();

    [Theory]
    [InlineData("cpu", "auto", ScalarType.Float32)]
    [InlineData("CPU", "bf16", ScalarType.BFloat16)]
    [InlineData("cpu", "float32", ScalarType.Float32)]
    public void Cpu_TakesFp32ByDefault_OrTheNamedDType(string device, string dtype, ScalarType expected)
    {
        ComputeTarget target = ComputeTarget.Parse(device, dtype);
        Assert.Equal(DeviceType.CPU, target.Device.type);
        Assert.Equal(expected, target.DType);
    }

    [Fact]
    public void Auto_PicksCudaWithBf16ExactlyWhenCudaIsAvailable()
    {
        ComputeTarget target = ComputeTarget.Parse("auto", "auto");
        Assert.Equal(cuda.is_available() ? DeviceType.CUDA : DeviceType.CPU, target.Device.type);
        Assert.Equal(cuda.is_available() ? ScalarType.BFloat16 : ScalarType.Float32, target.DType);
    }

    [Theory]
    [InlineData("tpu", "auto", "device 'tpu'")]
    [InlineData("cpu", "fp8", "dtype 'fp8'")]
    public void UnknownNames_AreRejectedNamingThem(string device, string dtype, string named)
    {
        var e = Assert.Throws<ZImagePipelineException>(() => ComputeTarget.Parse(device, dtype));
        Assert.Contains(named, e.Message);
    }
}
