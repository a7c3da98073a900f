namespace ZImageSweep.Statistics.Tpe;

/// <summary>
/// The Parzen estimator of a numeric parameter (Bergstra et al. 2011, "Algorithms for Hyper-Parameter Optimization",
/// NeurIPS, §4.1), with Optuna's defaults as in optuna/samplers/_tpe/parzen_estimator.py at commit
/// 1d8ce7bb6f3c7274a7a31a0a007991995085baa7: in the transformed space (logarithm for log scale; ±½ around an integer
/// range) one truncated normal per observation, centred on it, whose bandwidth is the larger gap to its sorted
/// neighbours (the range's ends count as neighbours, except that the lowest and highest observations take their inner
/// gap: consider_endpoints=False), clipped to [width / min(100, 1 + kernels), width] (the "magic clip"); plus a prior
/// kernel centred on the range with bandwidth equal to its width.
/// </summary>
public sealed class NumericParzenEstimator : IParzenEstimator
{
    readonly NumericParameter _parameter;
    readonly double _low, _high;

    public NumericParzenEstimator(NumericParameter parameter, IReadOnlyList<double> observations, IReadOnlyList<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Count, observations.Count);
        _parameter = parameter;
        _low = parameter.Transform(parameter.Low - parameter.HalfStep);
        _high = parameter.Transform(parameter.High + parameter.HalfStep);
        double[] mus = [.. observations.Select(parameter.Transform)];
        Mus = [.. mus, 0.5 * (_low + _high)];
        Sigmas = [.. Bandwidths(mus), _high - _low];
        Weights = ParzenMixture.KernelWeights(weights);
        if (observations.Count == 0) (Mus, Sigmas) = ([Mus[^1]], [Sigmas[^1]]);
    }

    /// <summary>Kernel centres in the transformed space; the prior's is last.</summary>
    public IReadOnlyList<double> Mus { get; }

    /// <summary>Kernel bandwidths in the transformed space; the prior's is last.</summary>
    public IReadOnlyList<double> Sigmas { get; }

    /// <summary>Kernel weights, summing to 1; the prior's is last.</summary>
    public IReadOnlyList<double> Weights { get; }

    double[] Bandwidths(double[] mus)
    {
        int n = mus.Length;
        int[] order = [.. Enumerable.Range(0, n).OrderBy(i => mus[i])];
        double[] withEnds = [_low, .. order.Select(i => mus[i]), _high];
        var sorted = new double[n];
        for (int j = 0; j < n; j++) sorted[j] = Math.Max(withEnds[j + 1] - withEnds[j], withEnds[j + 2] - withEnds[j + 1]);
        if (n >= 2)
        {
            sorted[0] = withEnds[2] - withEnds[1];
            sorted[^1] = withEnds[^2] - withEnds[^3];
        }
        double width = _high - _low, min = width / Math.Min(100.0, 1.0 + (n + 1));
        var sigmas = new double[n];
        for (int j = 0; j < n; j++) sigmas[order[j]] = Math.Clamp(sorted[j], min, width);
        return sigmas;
    }

    public double Sample(SplitMix64 random)
    {
        int k = ParzenMixture.PickKernel(Weights, random);
        return _parameter.Snap(_parameter.Untransform(TruncatedNormal.Sample(Mus[k], Sigmas[k], _low, _high, random)));
    }

    /// <summary>
    /// The density in the transformed space (no Jacobian: it cancels in l(x)/g(x), as in Optuna); for an integer
    /// parameter the probability of x, the kernel's mass over [x − ½, x + ½] in the transformed space.
    /// </summary>
    public double LogPdf(double x)
    {
        var terms = new double[Mus.Count];
        for (int k = 0; k < terms.Length; k++)
        {
            double mu = Mus[k], sigma = Sigmas[k];
            double log = _parameter.Integer
                ? TruncatedNormal.LogMass((_parameter.Transform(x - 0.5) - mu) / sigma, (_parameter.Transform(x + 0.5) - mu) / sigma)
                  - TruncatedNormal.LogMass((_low - mu) / sigma, (_high - mu) / sigma)
                : TruncatedNormal.LogPdf(_parameter.Transform(x), mu, sigma, _low, _high);
            terms[k] = Math.Log(Weights[k]) + log;
        }
        return ParzenMixture.LogSumExp(terms);
    }
}
