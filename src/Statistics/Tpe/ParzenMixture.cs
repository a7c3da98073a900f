namespace ZImageSweep.Statistics.Tpe;

/// <summary>
/// What the numeric and categorical estimators share: one kernel per observation plus a prior kernel of weight
/// <see cref="PriorWeight"/>, mixed with normalised weights, and the log-sum-exp that evaluates the mixture.
/// Mirrors optuna/samplers/_tpe/parzen_estimator.py at optuna commit 1d8ce7bb6f3c7274a7a31a0a007991995085baa7.
/// </summary>
public static class ParzenMixture
{
    /// <summary>Optuna's default prior_weight.</summary>
    public const double PriorWeight = 1.0;

    /// <summary>The observations' weights with the prior's appended, summing to 1; the prior alone when nothing was observed.</summary>
    public static double[] KernelWeights(IReadOnlyList<double> observationWeights)
    {
        if (observationWeights.Count == 0) return [1.0];
        double[] weights = [.. observationWeights, PriorWeight];
        double sum = weights.Sum();
        return [.. weights.Select(w => w / sum)];
    }

    /// <summary>Picks a kernel index with probability equal to its weight.</summary>
    public static int PickKernel(IReadOnlyList<double> weights, SplitMix64 random)
    {
        double u = random.NextDouble(), cumulative = 0;
        for (int k = 0; k < weights.Count - 1; k++)
        {
            cumulative += weights[k];
            if (u < cumulative) return k;
        }
        return weights.Count - 1;
    }

    /// <summary>log Σₖ exp(termsₖ), shifted by the largest term; −∞ when every term is −∞ (zero density).</summary>
    public static double LogSumExp(IReadOnlyList<double> terms)
    {
        double max = terms.Max();
        if (double.IsNegativeInfinity(max)) return max;
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
    }
}
