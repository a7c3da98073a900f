namespace ZImageSweep.Statistics.Tpe;

/// <summary>
/// One dimension of a TPE search space. A point gives each parameter one coordinate as a double: the number itself for
/// a <see cref="NumericParameter"/>, the choice's index for a <see cref="CategoricalParameter"/>.
/// </summary>
public abstract record SearchParameter
{
    /// <summary>A coordinate drawn from the whole range, as Optuna's RandomSampler draws the startup trials.</summary>
    public abstract double DrawUniform(SplitMix64 random);

    /// <summary>The Parzen estimator of this parameter over <paramref name="observations"/> (coordinates) with their <paramref name="weights"/>.</summary>
    public abstract IParzenEstimator Estimator(IReadOnlyList<double> observations, IReadOnlyList<double> weights);
}
