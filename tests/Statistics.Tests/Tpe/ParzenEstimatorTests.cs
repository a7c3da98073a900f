using ZImageSweep.Statistics.Tpe;

namespace ZImageSweep.Statistics.Tests.Tpe;

/// <summary>
/// The estimators against values worked out by hand from Optuna's rules (parzen_estimator.py at optuna commit
/// 1d8ce7bb6f3c7274a7a31a0a007991995085baa7), with the densities evaluated by a few lines of Python's math module
/// (Φ(z) = erfc(−z/√2)/2), quoted per test.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ParzenEstimatorTests
{
    static readonly double[] Ones3 = [1, 1, 1];

    [Fact]
    public void NumericBandwidths_AreTheLargerNeighbourGap_InnerGapAtTheEnds_MagicClipped()
    {
        // Range [0, 10], observations 2, 3, 7. Sorted with the ends: 0, 2, 3, 7, 10. Larger gaps: 2 → 2, 3 → 4, 7 → 4;
        // consider_endpoints=False gives the lowest its inner gap (3 − 2 = 1) and the highest its (7 − 3 = 4);
        // the magic clip raises 1 to 10 / min(100, 1 + 4 kernels) = 2. The prior sits at 5 with bandwidth 10.
        var estimator = new NumericParzenEstimator(new NumericParameter(0, 10, log: false, integer: false), [2, 3, 7], Ones3);

        Assert.Equal([2, 3, 7, 5], estimator.Mus);
        Assert.Equal([2, 4, 4, 10], estimator.Sigmas);
        Assert.Equal([0.25, 0.25, 0.25, 0.25], estimator.Weights);
        // log Σ ¼ φ((4 − μ)/σ)/σ / (Φ((10 − μ)/σ) − Φ(−μ/σ)) over the four kernels.
        Assert.Equal(-2.116200569342184, estimator.LogPdf(4), 1e-12);
    }

    [Fact]
    public void LogScale_PutsKernelsOnTheExponent()
    {
        // ln range [ln 1e-5, ln 1e-3]; one observation at ln 1e-4, equidistant from both ends: bandwidth ln 100 / 2.
        var estimator = new NumericParzenEstimator(new NumericParameter(1e-5, 1e-3, log: true, integer: false), [1e-4], [1]);

        Assert.Equal(Math.Log(1e-4), estimator.Mus[0], 1e-12);
        Assert.Equal(2.302585092994047, estimator.Sigmas[0], 1e-12);
        Assert.Equal(Math.Log(100), estimator.Sigmas[1], 1e-12);
        // The same mixture in Python, evaluated at ln 3e-4 (density in the log space, no Jacobian, as Optuna).
        Assert.Equal(-1.4997584324945377, estimator.LogPdf(3e-4), 1e-12);
    }

    [Fact]
    public void IntegerParameter_GivesEachWholeNumberTheMassOfItsUnitInterval()
    {
        // [1, 5] widened to [0.5, 5.5]; observation 2: gaps 1.5 and 3.5, bandwidth 3.5 (clip floor 5/3); prior 3 ± 5.
        var estimator = new NumericParzenEstimator(new NumericParameter(1, 5, log: false, integer: true), [2], [1]);

        Assert.Equal([3.5, 5], estimator.Sigmas);
        // ½ Σ mass over [1.5, 2.5] / mass over [0.5, 5.5], for N(2, 3.5²) and N(3, 5²).
        Assert.Equal(-1.5420821167646481, estimator.LogPdf(2), 1e-12);
        Assert.Equal(1, Enumerable.Range(1, 5).Sum(x => Math.Exp(estimator.LogPdf(x))), 1e-12);
    }

    [Fact]
    public void Categorical_SmoothsEachObservationWithThePrior()
    {
        // Observations 0, 0, 2 of 3 choices: four kernels; each observation's row is ¼ everywhere + 1 at its choice,
        // normalised by 1.75; the prior row is uniform; kernel weights ¼.
        var estimator = new CategoricalParzenEstimator(3, [0, 0, 2], Ones3);

        Assert.Equal([1.25 / 1.75, 0.25 / 1.75, 0.25 / 1.75], estimator.Probabilities[0]);
        Assert.Equal(-0.7419373447293773, estimator.LogPdf(0), 1e-12);
        Assert.Equal(-1.6582280766035324, estimator.LogPdf(1), 1e-12);
        Assert.Equal(-1.0986122886681098, estimator.LogPdf(2), 1e-12);
    }

    [Fact]
    public void NoObservations_LeaveOnlyThePrior()
    {
        var numeric = new NumericParzenEstimator(new NumericParameter(0, 10, log: false, integer: false), [], []);
        var categorical = new CategoricalParzenEstimator(4, [], []);

        Assert.Equal([5.0], numeric.Mus);
        Assert.Equal([10.0], numeric.Sigmas);
        Assert.Equal(Math.Log(0.25), categorical.LogPdf(3), 1e-15);
    }

    [Fact]
    public void Samples_StayInsideTheRangeAndOnWholeNumbers()
    {
        var parameter = new NumericParameter(4, 64, log: true, integer: true);
        var estimator = new NumericParzenEstimator(parameter, [4, 64, 16], Ones3);
        var random = new SplitMix64(3);

        var samples = Enumerable.Range(0, 2000).Select(_ => estimator.Sample(random)).ToArray();

        Assert.All(samples, s => Assert.InRange(s, 4, 64));
        Assert.All(samples, s => Assert.Equal(Math.Round(s), s));
        Assert.Contains(4.0, samples);
        Assert.Contains(64.0, samples);
    }
}
