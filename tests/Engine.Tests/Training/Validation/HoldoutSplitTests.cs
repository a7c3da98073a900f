using ZImageSweep.Engine.Training.Data;
using ZImageSweep.Engine.Training.Validation;

namespace ZImageSweep.Engine.Tests.Training.Validation;

[Trait(Tier.Name, Tier.Unit)]
public sealed class HoldoutSplitTests
{
    static IReadOnlyList<IReadOnlyList<TrainingImage>> Datasets() =>
    [
        Enumerable.Range(0, 12).Select(i => new TrainingImage($"/a/{i}.png", $"a {i}")).ToList(),
        Enumerable.Range(0, 8).Select(i => new TrainingImage($"/b/{i}.png", $"b {i}")).ToList(),
    ];

    [Fact]
    public void Holdout_TakesExactlyNImagesOutAndKeepsTheRest()
    {
        var (training, heldOut) = HoldoutSplit.Apply(Datasets(), 5, seed: 42);

        Assert.Equal(5, heldOut.Count);
        Assert.Equal(15, training.Sum(d => d.Count));
        var trainedPaths = training.SelectMany(d => d).Select(i => i.Path).ToHashSet();
        Assert.All(heldOut, h => Assert.DoesNotContain(h.Image.Path, trainedPaths));
        Assert.All(heldOut, h => Assert.StartsWith(h.Dataset == 0 ? "/a/" : "/b/", h.Image.Path));
        Assert.All(training[1], i => Assert.StartsWith("/b/", i.Path)); // datasets keep their own images, in scan order
        Assert.Equal(Datasets()[0].Where(i => trainedPaths.Contains(i.Path)), training[0]);
    }

    [Fact]
    public void Holdout_DependsOnlyOnTheSeed()
    {
        var first = HoldoutSplit.Apply(Datasets(), 5, seed: 42).HeldOut;
        var again = HoldoutSplit.Apply(Datasets(), 5, seed: 42).HeldOut;
        var other = HoldoutSplit.Apply(Datasets(), 5, seed: 43).HeldOut;

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(h => h.Image.Path).Order(), other.Select(h => h.Image.Path).Order());
        Assert.Empty(HoldoutSplit.Apply(Datasets(), 0, seed: 42).HeldOut);
    }

    [Fact]
    public void HoldingOutEverything_IsRejectedNamingTheKey()
    {
        var all = Assert.Throws<ArgumentException>(() => HoldoutSplit.Apply(Datasets(), 20, seed: 1));
        Assert.StartsWith("validation.holdout: 20", all.Message);

        IReadOnlyList<IReadOnlyList<TrainingImage>> tiny = [[new TrainingImage("/a/0.png", "a")], [new TrainingImage("/b/0.png", "b"), new TrainingImage("/b/1.png", "b")]];
        var emptied = Assert.Throws<ArgumentException>(() => HoldoutSplit.Apply(tiny, 2, seed: 3));
        Assert.Contains("validation.holdout", emptied.Message);
    }
}
