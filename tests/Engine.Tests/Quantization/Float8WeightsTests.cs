using ZImageSweep.Engine.Lora;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Quantization;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Quantization;

[Trait(Tier.Name, Tier.Unit)]
public sealed class Float8WeightsTests
{
    public Float8WeightsTests() => LibTorchLoader.EnsureLoaded();

    [Fact]
    public void E4M3_EncodesTheFormatsValuesExactlyAndRoundsToTheNearest()
    {
        // Hand-computed e4m3fn values: 1.0 = 0x38, 448 = 0x7E (largest finite), 2^-9 = 0x01 (smallest subnormal),
        // -1.75 = 0xBE (exponent 7, mantissa 6/8); 1.06 lies between 1.0 and 1.125 and rounds down; 500 saturates to 448.
        var values = tensor(new[] { 1.0f, 448f, MathF.Pow(2, -9), -1.75f, 1.06f, 500f, 0f });
        byte[] codes = Float8E4M3.Encode(values).data<byte>().ToArray();
        Assert.Equal(new byte[] { 0x38, 0x7E, 0x01, 0xBE, 0x38, 0x7E, 0x00 }, codes);
        var table = Float8E4M3.DecodeTable(CPU);
        Assert.Equal(1.125f, table[0x39].item<float>());
        Assert.Equal(-448f, table[0xFE].item<float>());
    }

    static ZImageTransformer2DModel Model(Generator init)
    {
        var model = new ZImageTransformer2DModel(ZImageConfig.Tiny with { NLayers = 2 });
        using var _ = no_grad();
        foreach (var p in model.parameters()) p.normal_(0, 0.2, init);
        return model;
    }

    static Tensor Forward(ZImageTransformer2DModel model)
    {
        var g = new Generator(4);
        var x = new List<Tensor> { randn([16, 1, 4, 6], generator: g) };
        var caps = new List<Tensor> { randn([7, model.Config.CapFeatDim], generator: g) };
        return model.forward(x, tensor(new[] { 0.6f }), caps)[0];
    }

    [Fact]
    public void QuantizedForward_StaysCloseToTheFullPrecisionForward_AndStoresHalfOfBf16()
    {
        using var model = Model(new Generator(11));
        Tensor reference;
        using (no_grad()) reference = Forward(model);
        var quantizable = model.named_modules()
            .Where(m => m.module is TorchSharp.Modules.Linear && !Float8Weights.ExcludedPrefixes.Any(p => m.name.StartsWith(p)))
            .Select(m => ((TorchSharp.Modules.Linear)m.module).weight!).ToList();
        long expectedBytes = quantizable.Sum(w => w.numel() + w.shape[0] * 4); // one byte per weight, one float scale per row

        using var float8 = Float8Weights.Apply(model);
        Tensor quantized;
        using (no_grad()) quantized = Forward(model);

        // e4m3 keeps 3 mantissa bits: weights round by at most 1/16 relative, the output by a few percent.
        double error = ReferenceCases.RelativeL2(quantized, reference);
        Assert.InRange(error, 1e-4, 0.06); // not exact (really quantized) and within the stated 6 %
        // Exactly one byte per weight plus one float scale per row; at full size a row has 3,840 or more weights, so the
        // scales add under 0.1 % and the base takes half of bf16's two bytes per weight.
        Assert.Equal(expectedBytes, float8.StoredBytes);
    }

    [Fact]
    public void LoraTrainsOnAQuantizedBase_WithGradientCheckpointing()
    {
        using var model = Model(new Generator(12));
        foreach (var p in model.parameters()) p.requires_grad = false;
        using var float8 = Float8Weights.Apply(model);
        model.GradientCheckpointing = true;
        using var lora = LoraNetwork.CreateTrainable(model, 4, new LoraTargets(), new Generator(1));

        Forward(model).Squared().mean().backward();

        Assert.All(lora.Parameters().Where(p => p.Name.Contains("lora_B")),
            p => Assert.True(p.Parameter.grad!.abs().sum().item<float>() > 0, $"{p.Name} got no gradient"));
    }
}
