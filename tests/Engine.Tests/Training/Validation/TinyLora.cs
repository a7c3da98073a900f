using TorchSharp;
using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Training.Validation;

/// <summary>User LoRAs on the tiny transformer: a fresh one (B = 0, the model unchanged) or one that visibly changes it.</summary>
internal static class TinyLora
{
    public static LoraNetwork Fresh(ZImageTransformer2DModel transformer) =>
        LoraNetwork.CreateTrainable(transformer, rank: 4, new LoraTargets(), new Generator(11));

    /// <summary>Fills every B factor with N(0, scale²) noise, so each adapted layer adds a sizeable update.</summary>
    public static void Perturb(LoraNetwork lora, double scale = 0.5, ulong seed = 12)
    {
        using var generator = new Generator(seed);
        using var _ = no_grad();
        using Scalar std = scale.ToScalar();
        foreach (var (name, parameter) in lora.Parameters().Where(p => p.Name.Contains("lora_B", StringComparison.Ordinal)))
            parameter.copy_(randn(parameter.shape, generator: generator).mul(std));
    }
}
