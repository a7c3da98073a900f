using TorchSharp;
using ZImageSweep.Bench.Harness;
using ZImageSweep.Bench.Models;
using ZImageSweep.Engine.Models.ZImage;
using static TorchSharp.torch;

namespace ZImageSweep.Bench.Rows;

/// <summary>
/// bf16 against fp32 on one small configuration (<see cref="BenchProfile.Agreement"/>, the same at every size): the
/// same random weights in both dtypes (built in fp32, copied into the bf16 model), the same inputs, and the relative
/// L2 error ‖y_bf16 − y_fp32‖ / ‖y_fp32‖ of the outputs, computed in float64; it must stay within
/// <see cref="BenchProfile.AgreementTolerance"/>. The timing is the bf16 forward.
/// </summary>
public sealed class PrecisionAgreementRow : BenchRow
{
    static readonly Scalar ModelTime = 0.37.ToScalar(); // held for the process (HeldScalars)

    public override string Id => "bf16-fp32-agreement";
    public override string Name => $"bf16 vs fp32 agreement (dim {BenchProfile.Agreement.Dim}, {BenchProfile.AgreementSize}²)";
    public override BenchSuite Suite => BenchSuite.Inference;
    public override string DType => "bf16 vs fp32";

    public override RowMeasurement Run(BenchContext context)
    {
        ZImageConfig config = BenchProfile.Agreement;
        using var _ = no_grad();
        manual_seed(context.Seed);
        var (models, setupMs) = context.Setup(() =>
        {
            var fp32 = RandomModels.Transformer(config, context.Device, ScalarType.Float32);
            var bf16 = RandomModels.Transformer(config, context.Device, ScalarType.BFloat16);
            RandomModels.CopyWeights(fp32, bf16);
            return (Fp32: fp32, Bf16: bf16);
        });
        using var fp32 = models.Fp32;
        using var bf16 = models.Bf16;

        int latent = BenchProfile.AgreementSize / 8;
        using Tensor x = context.RandomNormal([config.InChannels, 1, latent, latent], ScalarType.Float32, salt: 5); // (C, 1, h, w)
        using Tensor capFeats = context.RandomNormal([64, config.CapFeatDim], ScalarType.Float32, salt: 6);           // (L, cap)
        using Tensor t = full(1, ModelTime, ScalarType.Float32, context.Device);                                        // (1)

        double relL2 = RelativeL2(bf16, fp32, x, t, capFeats);
        // The bf16 model casts its inputs itself, exactly as in the error measurement above.
        TimingResult timing = context.Timer.Measure(() => bf16.forward([x], t, [capFeats]), context.Forward);
        bool passed = relL2 <= BenchProfile.AgreementTolerance;
        return new RowMeasurement(timing, setupMs, ImagesPerIteration: null,
            Metrics: new Dictionary<string, double> { ["rel_l2"] = relL2, ["tolerance"] = BenchProfile.AgreementTolerance },
            Passed: passed,
            Note: $"rel L2 {relL2:E2} {(passed ? "≤" : ">")} {BenchProfile.AgreementTolerance:0.##E+0}");
    }

    static double RelativeL2(ZImageTransformer2DModel bf16, ZImageTransformer2DModel fp32, Tensor x, Tensor t, Tensor capFeats)
    {
        using var scope = NewDisposeScope();
        Tensor expected = fp32.forward([x], t, [capFeats])[0].to(ScalarType.Float64); // (C, 1, h, w)
        Tensor actual = bf16.forward([x], t, [capFeats])[0].to(ScalarType.Float64);
        double reference = expected.norm().item<double>();
        if (!(reference > 0) || !double.IsFinite(reference))
            throw new InvalidOperationException($"the fp32 output norm is {reference}; the agreement check needs a finite, non-zero reference");
        return (actual - expected).norm().item<double>() / reference;
    }
}
