namespace ZImageSweep.Statistics.Tpe;

/// <summary>
/// The Parzen estimator of a categorical parameter (Bergstra et al. 2011, §4.1; Optuna's
/// _calculate_categorical_distributions at commit 1d8ce7bb6f3c7274a7a31a0a007991995085baa7): each observation's kernel
/// puts 1 on the observed choice plus prior_weight / kernels on every choice (prior smoothing), normalised; the prior
/// kernel is uniform. With no observations the estimator is uniform.
/// </summary>
public sealed class CategoricalParzenEstimator : IParzenEstimator
{
    public CategoricalParzenEstimator(int choices, IReadOnlyList<double> observations, IReadOnlyList<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Count, observations.Count);
        Weights = ParzenMixture.KernelWeights(weights);
        int kernels = Weights.Count;
        var rows = new double[kernels][];
        for (int k = 0; k < kernels; k++)
        {
            bool prior = k == kernels - 1;
            rows[k] = Enumerable.Repeat(prior ? 1.0 / choices : ParzenMixture.PriorWeight / kernels, choices).ToArray();
            if (prior) continue;
            rows[k][(int)observations[k]] += 1;
            double sum = rows[k].Sum();
            for (int c = 0; c < choices; c++) rows[k][c] /= sum;
        }
        Probabilities = rows;
    }

    /// <summary>Each kernel's probability of each choice; the prior's row is last.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Probabilities { get; }

    /// <summary>Kernel weights, summing to 1; the prior's is last.</summary>
    public IReadOnlyList<double> Weights { get; }

    public double Sample(SplitMix64 random) =>
        ParzenMixture.PickKernel(Probabilities[ParzenMixture.PickKernel(Weights, random)], random);

    public double LogPdf(double x) => Math.Log(Weights.Select((w, k) => w * Probabilities[k][(int)x]).Sum());
}
