namespace ZImageSweep.Statistics.Tpe;

/// <summary>One of <see cref="Choices"/> unordered choices, coordinate 0 … Choices − 1.</summary>
public sealed record CategoricalParameter : SearchParameter
{
    public CategoricalParameter(int choices)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(choices, 1);
        Choices = choices;
    }

    public int Choices { get; }

    public override double DrawUniform(SplitMix64 random) => random.NextIndex(Choices);

    public override IParzenEstimator Estimator(IReadOnlyList<double> observations, IReadOnlyList<double> weights) =>
        new CategoricalParzenEstimator(Choices, observations, weights);
}
