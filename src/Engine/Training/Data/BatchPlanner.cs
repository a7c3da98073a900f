namespace ZImageSweep.Engine.Training.Data;

/// <summary>
/// The order in which examples are seen: every epoch, each bucket's examples (repeated <c>num_repeats</c> times) are
/// shuffled and cut into batches, a short last batch is filled up by repeating examples of its bucket (all items of a
/// batch share one latent size), and the batches of all buckets are shuffled together. The plan is a pure function of
/// (seed, epoch), so a resumed run that knows its epoch and batch index continues with exactly the same batches.
/// </summary>
public sealed class BatchPlanner
{
    readonly IReadOnlyList<int[]> _buckets; // example indices per bucket, in a stable order
    readonly int _batchSize;
    readonly int _seed;

    public BatchPlanner(IReadOnlyList<CachedLatent> examples, int batchSize, int numRepeats, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numRepeats, 1);
        _batchSize = batchSize;
        _seed = seed;
        _buckets = examples
            .Select((example, index) => (example.Bucket, Index: index))
            .GroupBy(e => e.Bucket)
            .OrderBy(g => g.Key.Width).ThenBy(g => g.Key.Height)
            .Select(g => Enumerable.Repeat(g.Select(e => e.Index), numRepeats).SelectMany(i => i).ToArray())
            .ToList();
    }

    public int BatchesPerEpoch => _buckets.Sum(b => (b.Length + _batchSize - 1) / _batchSize);

    /// <summary>The batches of one epoch, each a list of example indices.</summary>
    public IReadOnlyList<int[]> Epoch(int epoch)
    {
        // A seeded System.Random is a fixed algorithm across .NET versions and processes (unlike HashCode), so plans reproduce.
        var random = new Random(unchecked(_seed * 1_000_003 + epoch) & int.MaxValue);
        var batches = new List<int[]>();
        foreach (int[] bucket in _buckets)
        {
            int[] order = (int[])bucket.Clone();
            random.Shuffle(order);
            for (int start = 0; start < order.Length; start += _batchSize)
            {
                var batch = new int[_batchSize];
                for (int i = 0; i < _batchSize; i++) batch[i] = order[(start + i) % order.Length];
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
