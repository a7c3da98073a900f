using SkiaSharp;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Grains.Comparisons;
using ZImageSweep.Grains.Interfaces.Comparisons;
using ZImageSweep.Statistics;

namespace ZImageSweep.Grains.Tests.Comparisons;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ComparisonGridTests : IDisposable
{
    // SampleGrid's geometry: label column, cell + padding, title and header heights.
    const int LabelWidth = 260, Cell = 256, Pad = 8, Top = 36 + 64;
    static readonly SKColor Grey = new(0xDD, 0xDD, 0xDD);

    readonly string _root = Directory.CreateTempSubdirectory("zsweep-stepgrid-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    SampleRef Png(string name, SKColor colour, int prompt, double weight)
    {
        string path = Path.Combine(_root, $"{name}_{prompt}_{weight}.png");
        using var bitmap = new SKBitmap(32, 32);
        bitmap.Erase(colour);
        File.WriteAllBytes(path, bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray());
        return new SampleRef(prompt, $"prompt {prompt}", weight, path);
    }

    static SKColor Pixel(SKBitmap image, int column, int row) =>
        image.GetPixel(LabelWidth + column * (Cell + Pad) + Cell / 2, Top + row * (Cell + Pad) + Cell / 2);

    [Fact]
    public void Write_PutsArmsInRowsAndPromptsInColumns_AndKeepsANotReachedArmAsAGreyRow()
    {
        var step = new StepComparison(10, [
            new ArmStepSamples("a", "rank=8", true, [Png("a", SKColors.Red, 0, 1), Png("a", SKColors.Green, 1, 1)], null),
            new ArmStepSamples("b", "rank=16", false, [], null)], null);
        string path = Path.Combine(_root, "grid.png");

        ComparisonGrid.WriteStep(path, "s", step);

        using var image = SKBitmap.Decode(path);
        Assert.Equal(LabelWidth + 2 * (Cell + Pad) + Pad, image.Width);
        Assert.Equal(Top + 2 * (Cell + Pad) + Pad, image.Height);
        Assert.Equal(SKColors.Red, Pixel(image, 0, 0));
        Assert.Equal(SKColors.Green, Pixel(image, 1, 0));
        Assert.Equal(Grey, image.GetPixel(LabelWidth + 20, Top + Cell + Pad + 20)); // row 2: "not reached"
    }

    [Fact]
    public void Write_WithSeveralLoraWeights_GivesEachArmASubRowPerWeight()
    {
        var step = new StepComparison(10, [
            new ArmStepSamples("a", "rank=8", true, [Png("a", SKColors.Red, 0, 0.5), Png("a", SKColors.Blue, 0, 1)], null),
            new ArmStepSamples("b", "rank=16", true, [Png("b", SKColors.Yellow, 0, 0.5), Png("b", SKColors.Black, 0, 1)], null)], null);
        string path = Path.Combine(_root, "weights.png");

        ComparisonGrid.WriteStep(path, "s", step);

        using var image = SKBitmap.Decode(path);
        Assert.Equal(Top + 4 * (Cell + Pad) + Pad, image.Height);
        Assert.Equal([SKColors.Red, SKColors.Blue, SKColors.Yellow, SKColors.Black], Enumerable.Range(0, 4).Select(r => Pixel(image, 0, r)));
    }

    [Fact]
    public void RowLabel_ShowsTheWeightNotReachedAndEveryValidationSignalPresent()
    {
        var arm = new ArmStepSamples("a", "adapter=v2 rank=16", false, [], new ValidationPoint(10, 0.12345, null, 0.5));

        Assert.Equal("adapter=v2 rank=16\nLoRA weight 0.75\n(not reached)\nval loss 0.1235\nleakage 0.5", ComparisonGrid.RowLabel(arm, 0.75));
        Assert.Equal("adapter=v2 rank=16\n(not reached)\nval loss 0.1235\nleakage 0.5", ComparisonGrid.RowLabel(arm, null));
    }

    [Fact]
    public void RowLabel_CarriesEachSignalsHalfWidth_WhereTheWorkerWroteItems()
    {
        string path = ValidationItems.PathFor(_root, 10);
        var loss = new Dictionary<string, double> { ["a.png σ=0.5"] = 1.0, ["b.png σ=0.5"] = 1.3, ["c.png σ=0.5"] = 1.1 };
        new ValidationItems(10, loss, new Dictionary<string, double>(), new Dictionary<string, double> { ["0: a cat"] = 0.5 }).Write(path);
        var arm = new ArmStepSamples("a", "rank=16", true, [], new ValidationPoint(10, 1.1333, null, 0.5, path));

        // The half-width of the mean's bootstrap interval (items in key order, the verdict's seed); one leakage item: no half-width (no spread to measure).
        double halfWidth = BootstrapInterval.OfMean([1.0, 1.3, 1.1], PairedComparison.BootstrapSeed).HalfWidth;
        Assert.Equal($"rank=16\nval loss 1.1333 ± {halfWidth.ToString("G2", System.Globalization.CultureInfo.InvariantCulture)}\nleakage 0.5", ComparisonGrid.RowLabel(arm, null));
        Assert.InRange(halfWidth, 0.05, 0.15);
    }

    [Fact]
    public void Write_ForAStepNoArmSampled_SaysSo()
    {
        var e = Assert.Throws<ArgumentException>(() => ComparisonGrid.WriteStep(Path.Combine(_root, "x.png"), "s", new StepComparison(30, [new ArmStepSamples("a", "x", false, [], null)], null)));
        Assert.Contains("s · step 30", e.Message);
    }

    [Fact]
    public void WriteStrip_PutsEachSampleStepOfTheArmInItsOwnRow()
    {
        string path = Path.Combine(_root, "strip.png");

        ComparisonGrid.WriteStrip(path, "s", "rank=8", [
            new ArmStepSamples("a", "step 10", true, [Png("a10", SKColors.Red, 0, 1)], null),
            new ArmStepSamples("a", "step 20", true, [Png("a20", SKColors.Blue, 0, 1)], new ValidationPoint(20, 0.5, null, null))]);

        using var image = SKBitmap.Decode(path);
        Assert.Equal(Top + 2 * (Cell + Pad) + Pad, image.Height);
        Assert.Equal([SKColors.Red, SKColors.Blue], Enumerable.Range(0, 2).Select(r => Pixel(image, 0, r)));
    }
}
