using ZImageSweep.Contracts.Grids;
using ZImageSweep.Engine.Imaging;

namespace ZImageSweep.Engine.Tests.Imaging;

[Trait(Tier.Name, Tier.Unit)]
public sealed class LabelLayoutTests
{
    // One unit per character: a box of width 10 holds ten characters.
    static float Width(string text) => text.Length;

    [Fact]
    public void Words_WrapAtSpaces()
    {
        Assert.Equal(["rank=8 lr=1e-4", "adapter=v2"], LabelLayout.Lines("rank=8 lr=1e-4 adapter=v2", 15, 5, Width));
    }

    [Fact]
    public void NewLines_StartNewLines()
    {
        Assert.Equal(["rank=8", "val loss 0.12"], LabelLayout.Lines("rank=8\nval loss 0.12", 20, 5, Width));
    }

    [Fact]
    public void TextWithoutSpaces_BreaksBetweenCharacters()
    {
        Assert.Equal(["一只橘色的猫坐在", "窗台上"], LabelLayout.Lines("一只橘色的猫坐在窗台上", 8, 5, Width));
    }

    [Fact]
    public void TextBeyondTheLastLine_IsCutWithAnEllipsisThatFits()
    {
        var lines = LabelLayout.Lines("a photo of a cat sitting on a windowsill at sunset", 10, 2, Width);

        Assert.Equal(["a photo of", "a cat…"], lines); // "sitting" went to the third line, which does not fit
        Assert.All(lines, line => Assert.True(line.Length <= 10));
    }

    [Fact]
    public void ALastLineThatFillsTheBox_IsShortenedForTheEllipsis()
    {
        Assert.Equal(["一只橘色的猫坐…"], LabelLayout.Lines("一只橘色的猫坐在窗台上", 8, 1, Width));
    }

    [Fact]
    public void SurrogatePairs_AreNeverSplit()
    {
        var lines = LabelLayout.Lines("𠀀𠀀𠀀", 2, 5, text => new System.Globalization.StringInfo(text).LengthInTextElements);

        Assert.Equal(["𠀀𠀀", "𠀀"], lines);
    }
}
