using ZImageSweep.Engine.Training.Data;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class BatchPlannerTests
{
    static CachedLatent Example(int w, int h) => new("x.png", "c", new Bucket(w, h), false, null!);

    static readonly CachedLatent[] Examples =
        [Example(512, 512), Example(512, 512), Example(512, 512), Example(768, 512), Example(768, 512), Example(512, 512)];

    [Fact]
    public void Epoch_IsAPureFunctionOfSeedAndEpoch()
    {
        var a = new BatchPlanner(Examples, 2, 1, seed: 7);
        var b = new BatchPlanner(Examples, 2, 1, seed: 7);
        Assert.Equal(a.Epoch(3), b.Epoch(3));
        Assert.NotEqual(Flatten(a.Epoch(0)), Flatten(a.Epoch(1)));
    }

    [Fact]
    public void Batches_StayInsideOneBucketAndShortOnesArePaddedFromIt()
    {
        var planner = new BatchPlanner(Examples, batchSize: 3, numRepeats: 1, seed: 1);
        var epoch = planner.Epoch(0);
        Assert.Equal(planner.BatchesPerEpoch, epoch.Count);
        Assert.Equal(3, epoch.Count); // 4 square → 2 batches (one padded), 2 wide → 1 padded batch
        Assert.All(epoch, batch =>
        {
            Assert.Equal(3, batch.Length);
            Assert.Single(batch.Select(i => Examples[i].Bucket).Distinct());
        });
        Assert.Equal(Enumerable.Range(0, Examples.Length), Flatten(epoch).Distinct().Order());
    }

    [Fact]
    public void PerDatasetBatchSize_BatchesEachDatasetOnItsOwnAtItsOwnSize()
    {
        // ai-toolkit 2026-08: datasets[].batch_size overrides train.batch_size for that dataset's batches.
        int[] dataset = [0, 0, 1, 1, 1, 0];
        var planner = new BatchPlanner(Examples, i => dataset[i], batchSizes: [1, 3], numRepeats: 1, seed: 3);

        var epoch = planner.Epoch(0);

        Assert.Equal(planner.BatchesPerEpoch, epoch.Count);
        Assert.All(epoch, batch =>
        {
            int owner = Assert.Single(batch.Select(i => dataset[i]).Distinct());
            Assert.Equal(owner == 0 ? 1 : 3, batch.Length);
            Assert.Single(batch.Select(i => Examples[i].Bucket).Distinct());
        });
        // dataset 0: three single batches; dataset 1: one square batch padded to 3, one wide batch padded to 3.
        Assert.Equal(5, epoch.Count);
        Assert.Equal(Enumerable.Range(0, Examples.Length), Flatten(epoch).Distinct().Order());
    }

    [Fact]
    public void NumRepeats_ShowsEachExampleThatOftenPerEpoch()
    {
        var planner = new BatchPlanner(Examples, batchSize: 1, numRepeats: 3, seed: 2);
        var counts = Flatten(planner.Epoch(0)).GroupBy(i => i).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, Examples.Length), i => Assert.Equal(3, counts[i]));
    }

    [Fact]
    public void From_ResumesMidEpochWithTheSameBatches()
    {
        var planner = new BatchPlanner(Examples, 2, 1, seed: 5);
        var straight = planner.From(0, 0).Take(7).ToList();
        var (_, epoch, next) = straight[3];
        var resumed = planner.From(epoch, next).Take(3).ToList();
        Assert.Equal(straight.Skip(4).Select(s => s.Batch), resumed.Select(r => r.Batch));
    }

    static int[] Flatten(IReadOnlyList<int[]> batches) => batches.SelectMany(b => b).ToArray();
}
