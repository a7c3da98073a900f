using System.Diagnostics;
using SkiaSharp;
using ZImageSweep.Contracts.Grids;
using ZImageSweep.Engine.Imaging;

namespace ZImageSweep.Engine.Tests.Imaging;

[Trait(Tier.Name, Tier.Unit)]
public sealed class SampleGridTests : IDisposable
{
    // SampleGrid's geometry: label column, cell size, title and header heights.
    const int LabelWidth = 260, Cell = 256, TitleHeight = 36, HeaderHeight = 64;
    const string ChinesePrompt = "一只橘猫坐在窗台上，夕阳，电影感";
    const string ChildOutputVariable = "ZSWEEP_TEST_GRID_OUT";

    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-grid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ChinesePrompt_HasRealGlyphsInTheLabelFont_NotTofu()
    {
        using var font = new SKFont(LabelTypeface.Default, 15);

        ushort[] glyphs = font.GetGlyphs(ChinesePrompt + "rank=16 α");

        Assert.DoesNotContain((ushort)0, glyphs); // glyph 0 is .notdef, the tofu box
        Assert.Equal(ChinesePrompt.Length + 9, glyphs.Length);
    }

    [Fact]
    public void Labels_AreDrawnInsideTheirBoxes()
    {
        string path = Path.Combine(_dir, "grid.png");
        string longPrompt = string.Join(' ', Enumerable.Repeat("a very long prompt about a cat", 12));

        SampleGrid.Write(path, "title", ["rank=8"], [longPrompt, ChinesePrompt], [[null, null]]);

        using var image = SKBitmap.Decode(path);
        Assert.True(InkIn(image, SKRectI.Create(LabelWidth, TitleHeight, Cell, HeaderHeight)) > 0);
        Assert.True(InkIn(image, SKRectI.Create(LabelWidth + Cell + 8, TitleHeight, Cell, HeaderHeight)) > 0);
        // Nothing of the long prompt spills into the padding between the two header cells.
        Assert.Equal(0, InkIn(image, SKRectI.Create(LabelWidth + Cell, TitleHeight, 8, HeaderHeight)));
    }

    /// <summary>
    /// GPU hosts often have no fonts at all. This test runs itself again in a child process whose mount namespace
    /// hides the machine's font folders (<c>unshare</c>: root, or unprivileged user namespaces), so SkiaSharp finds no
    /// system font there; the child draws a grid and the parent finds the labels' pixels in it.
    /// </summary>
    [Fact]
    public void Labels_AreDrawn_OnAMachineWithoutFonts()
    {
        if (Environment.GetEnvironmentVariable(ChildOutputVariable) is { } childOutput)
        {
            using (var systemDefault = new SKFont(SKTypeface.Default))
                File.WriteAllText(childOutput + ".system-font-has-latin", systemDefault.ContainsGlyphs("A").ToString());
            SampleGrid.Write(childOutput, "no fonts here", ["rank=8\nval loss 0.1234"], [ChinesePrompt], [[null]]);
            return;
        }

        string output = Path.Combine(_dir, "child.png");
        RunSelfWithoutFonts(nameof(Labels_AreDrawn_OnAMachineWithoutFonts), output);

        // The child really had no system font: SkiaSharp's default typeface there is its empty stand-in, without an "A".
        Assert.Equal("False", File.ReadAllText(output + ".system-font-has-latin"));
        using var image = SKBitmap.Decode(output);
        Assert.True(InkIn(image, SKRectI.Create(8, TitleHeight + HeaderHeight, LabelWidth - 16, 60)) > 50, "row label");
        Assert.True(InkIn(image, SKRectI.Create(LabelWidth, TitleHeight, Cell, HeaderHeight)) > 50, "Chinese column label");
        Assert.True(InkIn(image, SKRectI.Create(0, 0, image.Width, TitleHeight)) > 50, "title");
    }

    /// <summary>Dark pixels in a region: text is black on white (or on the grey of an empty cell).</summary>
    static int InkIn(SKBitmap image, SKRectI region)
    {
        int count = 0;
        for (int y = region.Top; y < region.Bottom; y++)
        for (int x = region.Left; x < region.Right; x++)
            if (image.GetPixel(x, y).Red < 128) count++;
        return count;
    }

    static void RunSelfWithoutFonts(string testName, string output)
    {
        string empty = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(output)!, "no-fonts")).FullName;
        string hideFonts = string.Join(" && ", new[] { "/usr/share/fonts", "/usr/local/share/fonts" }
            .Where(Directory.Exists).Select(folder => $"mount --bind '{empty}' '{folder}'"));
        // Run directly, an xunit v3 test assembly takes xunit's own options (-method), not dotnet test's.
        string testAssembly = typeof(SampleGridTests).Assembly.Location;
        var start = new ProcessStartInfo("unshare")
        {
            ArgumentList = { "--map-root-user", "--mount", "sh", "-c", $"{hideFonts} && exec dotnet exec \"$0\" -method \"$1\"", testAssembly, $"{typeof(SampleGridTests).FullName}.{testName}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { [ChildOutputVariable] = output },
        };
        using var child = Process.Start(start)!;
        string stdout = child.StandardOutput.ReadToEndAsync().Result + child.StandardError.ReadToEnd();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0 && File.Exists(output), $"the child test run failed ({child.ExitCode}):\n{stdout}");
    }
}
