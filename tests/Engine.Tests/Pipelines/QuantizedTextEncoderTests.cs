using TorchSharp;
using TorchSharp.Modules;
using ZImageSweep.Engine.Pipelines;
using ZImageSweep.Engine.Quantization;
using ZImageSweep.Engine.Text;
using ZImageSweep.Engine.Weights;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Pipelines;

/// <summary>
/// model.quantize_te: the text encoder's Linear weights are stored as float8 e4m3 with one scale per output row (row
/// absmax / 448), as ai-toolkit's quanto qfloat8 stores them, and captions are encoded through the dequantized weights.
/// The reference rounds each weight here from the e4m3 primitive (checked against hand-computed codes in
/// Float8WeightsTests), not through the pipeline's quantizer.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class QuantizedTextEncoderTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    static readonly string[] Prompts = ["a photo of a cat", "sks dog on a beach at dusk"];

    ZImagePipelineOptions Options(bool quantize) => new() { Model = tiny.Model.Directory, QuantizeTextEncoder = quantize };

    [Fact]
    public void QuantizeTe_EncodesCaptionsThroughFloat8RoundedWeights()
    {
        using var scope = NewDisposeScope();
        using var pipeline = ZImagePipeline.Load(Options(quantize: true));
        IReadOnlyList<Tensor> quantized = pipeline.EncodePrompts(Prompts);

        using var reference = LoadedTextEncoder.Load(ModelFolder.Open(tiny.Model.Directory), Options(quantize: false));
        IReadOnlyList<Tensor> full = new PromptEncoder(pipeline.Tokenizer, reference.Model).Encode(Prompts);
        using (no_grad())
            foreach (Linear linear in reference.Model.modules().OfType<Linear>())
                linear.weight!.copy_(RoundedToFloat8(linear.weight));
        IReadOnlyList<Tensor> expected = new PromptEncoder(pipeline.Tokenizer, reference.Model).Encode(Prompts);

        Assert.Equal(Prompts.Length, quantized.Count);
        for (int i = 0; i < Prompts.Length; i++)
        {
            Assert.True(quantized[i].allclose(expected[i], rtol: 1e-5, atol: 1e-6), $"prompt {i}: not the float8-rounded encoder's features");
            Assert.False(quantized[i].allclose(full[i], rtol: 1e-5, atol: 1e-6), $"prompt {i}: quantize_te had no effect");
        }
    }

    [Fact]
    public void AQuantizedEncoder_IsReleasedWithItsCodes_AndLoadsQuantizedAgain()
    {
        using var scope = NewDisposeScope();
        using var pipeline = ZImagePipeline.Load(Options(quantize: true) with { ReleaseTextEncoder = true });
        Tensor first = pipeline.EncodePrompts(Prompts)[0];
        Assert.False(pipeline.TextEncoderLoaded);

        Tensor again = pipeline.EncodePrompts(Prompts)[0];

        Assert.True(first.shape.SequenceEqual(again.shape) && first.eq(again).all().item<bool>());
    }

    static Tensor RoundedToFloat8(Tensor weight)
    {
        Tensor w = weight.to(ScalarType.Float32);
        using Scalar smallestScale = 1e-12f.ToScalar();
        Tensor scale = w.abs().amax([1], keepdim: true).div(Float8E4M3.HeldMaxFinite).clamp_min(smallestScale);
        Tensor codes = Float8E4M3.Encode(w / scale);
        return (Float8E4M3.DecodeTable(weight.device).index([codes.to(ScalarType.Int64)]) * scale).to(weight.dtype);
    }
}
