using ZImageSweep.Engine.Training.Data;

namespace ZImageSweep.Engine.Tests.Training;

[Trait(Tier.Name, Tier.Unit)]
public sealed class CaptionRulesTests
{
    [Theory]
    [InlineData("a photo of a man", "sks", false, "sks a photo of a man")]     // prepended when absent
    [InlineData("a photo of sks at the beach", "sks", false, "a photo of sks at the beach")] // kept where it is
    [InlineData("[trigger] in the snow", "sks", false, "sks in the snow")]     // placeholder
    [InlineData("[name], portrait", "zstyle", false, "zstyle, portrait")]
    [InlineData("anything at all", "sks", true, "sks")]                        // dropout trains on the trigger alone
    [InlineData("[trigger] a cat", null, false, " a cat")]                     // no trigger: placeholder becomes empty
    [InlineData("anything", null, true, "")]
    public void ForTraining_FollowsAiToolkitsTriggerRules(string caption, string? trigger, bool dropped, string expected) =>
        Assert.Equal(expected, CaptionRules.ForTraining(caption, trigger, dropped));

    [Fact]
    public void ForPreservation_SwapsTheTriggerForTheClassWord() =>
        Assert.Equal("photo of person smiling", CaptionRules.ForPreservation("photo of sks_person smiling", "sks_person", "person"));

    [Theory]
    [InlineData("  a caption \n", "default", "a caption")]
    [InlineData("", "default", "default")]
    [InlineData(null, "default", "default")]
    [InlineData(null, null, "")]
    public void Resolve_FallsBackToTheDefaultCaption(string? fileText, string? defaultCaption, string expected) =>
        Assert.Equal(expected, CaptionRules.Resolve(fileText, defaultCaption));
}
