using TorchSharp;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Runtime;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Timesteps;

/// <summary>One sampled training timestep: the index into the step's timestep set, σ, the model time and the loss weight.</summary>
public readonly record struct TrainingTimestep(int Index, double Sigma, double Weight)
{
    /// <summary>Z-Image's time input: 0 is pure noise, 1 is clean (docs/model.md#model-time).</summary>
    public double ModelTime => 1 - Sigma;
}

/// <summary>
/// Draws training timesteps the way ai-toolkit's Z-Image trainer does: a 1000-entry timestep set per step
/// (descending, index 0 = pure noise), an index per batch item chosen by <see cref="ContentOrStyle"/>, and for
/// <see cref="TimestepType.Weighted"/> a per-index loss weight. All randomness comes from the given generator, so
/// a checkpoint that saves the generator state resumes the same draws.
/// </summary>
public sealed class TimestepSampler(TimestepType type, ContentOrStyle contentOrStyle, WeightedTable table = WeightedTable.Current,
    int minDenoisingSteps = 0, int maxDenoisingSteps = TimestepSampler.NumTrainTimesteps)
{
    public const int NumTrainTimesteps = 1000;

    /// <summary>ai-toolkit fixes the flow-match shift at 3.0 for every Z-Image arch (used only by the shift type).</summary>
    public const double Shift = 3.0;

    static readonly Scalar Cube = 3.ToScalar(); // held for the process (HeldScalars)

    public IReadOnlyList<TrainingTimestep> Sample(int batchSize, Generator generator)
    {
        double[] sigmas = TimestepSet(generator);
        IReadOnlyList<double>? weights = type == TimestepType.Weighted ? TimestepWeighting.Table(table) : null;
        return SampleIndices(batchSize, generator)
            .Select(i => new TrainingTimestep(i, sigmas[i], weights?[i] ?? 1.0))
            .ToArray();
    }

    /// <summary>σ for each of the 1000 indices of this step's set, descending from (about) 1.</summary>
    internal double[] TimestepSet(Generator generator)
    {
        switch (type)
        {
            case TimestepType.Weighted or TimestepType.Linear:
                return Enumerable.Range(0, NumTrainTimesteps).Select(i => (NumTrainTimesteps - i) / (double)NumTrainTimesteps).ToArray();
            case TimestepType.Shift:
                return Enumerable.Range(0, NumTrainTimesteps)
                    .Select(i => (NumTrainTimesteps - i) / (double)NumTrainTimesteps)
                    .Select(s => Shift * s / (1 + (Shift - 1) * s)).ToArray();
            case TimestepType.Sigmoid:
            {
                // σ = 1 − sigmoid(z), z ~ N(0, 1): logit-normal timesteps, redrawn every step and sorted descending.
                using var scope = NewDisposeScope();
                var sigma = randn([NumTrainTimesteps], ScalarType.Float64, generator: generator).sigmoid().OneMinus().sort(descending: true).Values;
                return sigma.data<double>().ToArray();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }

    internal int[] SampleIndices(int batchSize, Generator generator)
    {
        using var scope = NewDisposeScope();
        if (contentOrStyle == ContentOrStyle.Balanced)
            return randint(0, NumTrainTimesteps - 1, [batchSize], ScalarType.Int64, generator: generator).data<long>().Select(v => (int)v).ToArray();

        // u³ piles up near 0: content favours low indices (high noise), style mirrors it toward low noise.
        var u = rand([batchSize], ScalarType.Float64, generator: generator).pow(Cube);
        var fraction = contentOrStyle == ContentOrStyle.Content ? u : u.OneMinus();
        double span = maxDenoisingSteps - minDenoisingSteps;
        return fraction.data<double>()
            .Select(f => Math.Clamp((int)(minDenoisingSteps + f * span), minDenoisingSteps, maxDenoisingSteps - 1))
            .ToArray();
    }
}
