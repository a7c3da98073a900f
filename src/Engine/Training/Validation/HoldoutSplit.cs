using ZImageSweep.Engine.Training.Data;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>An image taken out of training for validation, with the dataset it came from (for its trigger word).</summary>
public sealed record HeldOutImage(int Dataset, TrainingImage Image);

/// <summary>
/// <c>validation.holdout</c>: N images taken out of the training datasets before any latent is cached, so they never
/// reach a training batch. The choice is a seeded shuffle of all images (datasets in order, each in scan order) and
/// depends only on the validation seed, not on training_seed, so every arm of a sweep holds out the same images
/// and resumed runs hold out the same ones again.
/// </summary>
public static class HoldoutSplit
{
    /// <exception cref="ArgumentException">the holdout would leave a dataset with nothing to train on.</exception>
    public static (IReadOnlyList<IReadOnlyList<TrainingImage>> Training, IReadOnlyList<HeldOutImage> HeldOut) Apply(
        IReadOnlyList<IReadOnlyList<TrainingImage>> datasets, int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var all = datasets.SelectMany((images, d) => images.Select(image => new HeldOutImage(d, image))).ToArray();
        if (count >= all.Length)
            throw new ArgumentException($"validation.holdout: {count} held-out images leave nothing to train on; the datasets have {all.Length} images");
        // A seeded System.Random is a fixed algorithm across .NET versions, so the choice reproduces everywhere.
        new Random(unchecked((int)seed ^ (int)(seed >> 32)) & int.MaxValue).Shuffle(all);
        var heldOut = all.Take(count).OrderBy(h => h.Dataset).ToList();
        var training = datasets.Select((images, d) => (IReadOnlyList<TrainingImage>)images.Where(i => !heldOut.Contains(new HeldOutImage(d, i))).ToList()).ToList();
        for (int d = 0; d < training.Count; d++)
            if (training[d].Count == 0)
                throw new ArgumentException($"validation.holdout: {count} held-out images take every image of dataset {d} ({Path.GetDirectoryName(datasets[d][0].Path)}); hold out fewer");
        return (training, heldOut);
    }
}
