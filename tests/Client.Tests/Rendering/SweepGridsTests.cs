using System.Text.Json;
using SkiaSharp;
using ZImageSweep.Client.Rendering;

namespace ZImageSweep.Client.Tests.Rendering;

public sealed class SweepGridsTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("zsweep-grids-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Writes one solid-colour 64×64 PNG per (step, prompt) and the arm's index.jsonl.</summary>
    void Samples(string arm, SKColor colour, params int[] steps)
    {
        string folder = Path.Combine(_root, "sweeps", "s", arm, "samples");
        Directory.CreateDirectory(folder);
        var lines = new List<string>();
        foreach (int step in steps)
        for (int prompt = 0; prompt < 2; prompt++)
        {
            string file = $"1__{step:D9}_{prompt}.png";
            using var bitmap = new SKBitmap(64, 64);
            bitmap.Erase(colour);
            File.WriteAllBytes(Path.Combine(folder, file), bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray());
            lines.Add(JsonSerializer.Serialize(new { step, prompt_index = prompt, prompt = $"prompt {prompt}", seed = 42L + prompt, path = file }));
        }
        File.WriteAllLines(Path.Combine(folder, "index.jsonl"), lines);
    }

    static SKColor Pixel(string png, float x, float y)
    {
        using var bitmap = SKBitmap.Decode(png);
        return bitmap.GetPixel((int)x, (int)y);
    }

    [Fact]
    public void Build_PutsEachArmsSampleInItsRowAndMarksAnArmThatHasNotReachedTheStep()
    {
        Samples("a1", SKColors.Red, 0, 10);
        Samples("a2", SKColors.Blue, 0);
        var arms = new[] { new GridArm("a1", "rank=8"), new GridArm("a2", "rank=16") };

        GridResult grid = SweepGrids.Build(_root, "s", arms, 10);

        Assert.Equal(SweepGrids.DefaultPath(_root, "s", 10), grid.Path);
        Assert.Equal(["rank=16"], grid.MissingArms);
        using var image = SKBitmap.Decode(grid.Path);
        Assert.Equal(260 + 2 * (256 + 8) + 8, image.Width);        // label column + two prompt columns
        Assert.Equal(36 + 64 + 2 * (256 + 8) + 8, image.Height);   // title + header + two arm rows
        Assert.Equal(SKColors.Red, Pixel(grid.Path, 260 + 128, 36 + 64 + 128));            // row 1: arm a1's sample
        Assert.Equal(new SKColor(0xDD, 0xDD, 0xDD), Pixel(grid.Path, 260 + 20, 36 + 64 + 264 + 20)); // row 2: "not reached"
    }

    [Fact]
    public void StepsAllArmsReached_IsTheIntersection()
    {
        Samples("a1", SKColors.Red, 0, 10, 20);
        Samples("a2", SKColors.Blue, 0, 20);
        Assert.Equal([0, 20], SweepGrids.StepsAllArmsReached(_root, "s", [new GridArm("a1", "x"), new GridArm("a2", "y")]));
    }

    [Fact]
    public void Build_ForAStepNoArmReached_SaysSo()
    {
        Samples("a1", SKColors.Red, 0);
        var e = Assert.Throws<InvalidOperationException>(() => SweepGrids.Build(_root, "s", [new GridArm("a1", "x")], 30));
        Assert.Contains("step 30", e.Message);
    }
}
