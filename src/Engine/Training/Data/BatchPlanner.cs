namespace ZImageSweep.Engine.Training.Data;

/// <summary>
/// The order in which examples are seen: every epoch, the examples of each (dataset, bucket) group (repeated
/// <c>num_repeats</c> times) are shuffled and cut into batches of that dataset's batch size, a short last batch is
/// filled up by repeating examples of its group (all items of a batch share one latent size and one dataset, as in
/// ai-toolkit, where each dataset batches its own buckets), and the batches of all groups are shuffled together. The
/// plan is a pure function of (seed, epoch), so a resumed run that knows its epoch and batch index continues with
/// exactly the same batches.
/// </summary>
public sealed class BatchPlanner
{
    readonly IReadOnlyList<(int[] Examples, int BatchSize)> _groups; // example indices per group, in a stable order
    readonly int _seed;

    /// <summary>One dataset: every example batched at <paramref name="batchSize"/>.</summary>
    public BatchPlanner(IReadOnlyList<CachedLatent> examples, int batchSize, int numRepeats, int seed)
        : this(examples, _ => 0, [batchSize], numRepeats, seed)
    {
    }

    /// <param name="datasetOf">The dataset of each example index.</param>
    /// <param name="batchSizes">The batch size of each dataset.</param>
    public BatchPlanner(IReadOnlyList<CachedLatent> examples, Func<int, int> datasetOf, IReadOnlyList<int> batchSizes, int numRepeats, int seed)
    {
        foreach (int size in batchSizes) ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(batchSizes));
        ArgumentOutOfRangeException.ThrowIfLessThan(numRepeats, 1);
        _seed = seed;
        _groups = examples
            .Select((example, index) => (example.Bucket, Dataset: datasetOf(index), Index: index))
            .GroupBy(e => (e.Dataset, e.Bucket))
            .OrderBy(g => g.Key.Dataset).ThenBy(g => g.Key.Bucket.Width).ThenBy(g => g.Key.Bucket.Height)
            .Select(g => (Enumerable.Repeat(g.Select(e => e.Index), numRepeats).SelectMany(i => i).ToArray(), batchSizes[g.Key.Dataset]))
            .ToList();
    }

    public int BatchesPerEpoch => _groups.Sum(g => (g.Examples.Length + g.BatchSize - 1) / g.BatchSize);

    /// <summary>The batches of one epoch, each a list of example indices.</summary>
    public IReadOnlyList<int[]> Epoch(int epoch)
    {
        // A seeded System.Random is a fixed algorithm across .NET versions and processes (unlike HashCode), so plans reproduce.
        var random = new Random(unchecked(_seed * 1_000_003 + epoch) & int.MaxValue);
        var batches = new List<int[]>();
        foreach (var (group, batchSize) in _groups)
        {
            int[] order = (int[])group.Clone();
            random.Shuffle(order);
            for (int start = 0; start < order.Length; start += batchSize)
            {
                var batch = new int[batchSize];
                for (int i = 0; i < batchSize; i++) batch[i] = order[(start + i) % order.Length];
                batches.Add(batch);
            }
        }
        var shuffled = batches.ToArray();
        random.Shuffle(shuffled);
        return shuffled;
    }

    /// <summary>Walks batches from a position onwards, across epochs, yielding each batch with the position after it.</summary>
    public IEnumerable<(int[] Batch, int Epoch, int NextBatchInEpoch)> From(int epoch, int batchInEpoch)
    {
        for (int e = epoch; ; e++, batchInEpoch = 0)
        {
            IReadOnlyList<int[]> plan = Epoch(e);
            for (int b = batchInEpoch; b < plan.Count; b++) yield return (plan[b], e, b + 1);
        }
    }
}
