using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Sampling;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Sampling;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ClassifierFreeGuidanceTests
{
    public ClassifierFreeGuidanceTests() => LibTorchLoader.EnsureLoaded();

    [Fact]
    public void Combine_UsesTheOfficialPosPlusGTimesDifferenceForm()
    {
        using var scope = NewDisposeScope();
        var pred = ClassifierFreeGuidance.Combine(tensor(new[] { 1f, 2f }), tensor(new[] { 0f, 4f }), 3.0, normalization: 0);
        Assert.Equal([4f, -4f], pred.data<float>().ToArray()); // 1 + 3·1, 2 + 3·(−2); the common form would give 3 and −2
    }

    [Fact]
    public void Normalization_ClipsTheGuidedNormToAMultipleOfTheConditionalNorm()
    {
        using var scope = NewDisposeScope();
        var pos = tensor(new[] { 3f, 4f }); // norm 5
        var pred = ClassifierFreeGuidance.Combine(pos, tensor(new[] { 0f, 0f }), 1.0, normalization: 1.2); // unclipped (6, 8), norm 10
        Assert.Equal(6.0, Math.Sqrt(pred.data<float>().Sum(v => (double)v * v)), 4);
        Assert.Equal(0.6, (pred[0] / pred[1]).item<float>() / 0.75 * 0.6, 4); // direction kept
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.5, 0.0)]   // Turbo: no guidance
    [InlineData(1.0, 1.0, 0.5, 1.0)]   // g = 1 is not above the official threshold: reported as is, but not enabled
    [InlineData(4.0, 1.0, 0.9, 4.0)]   // truncation 1 never applies
    [InlineData(4.0, 0.5, 0.6, 0.0)]   // past the truncation point
    [InlineData(4.0, 0.5, 0.5, 4.0)]   // at it: still guided
    public void ScaleAt_FollowsThresholdAndTruncation(double g, double truncation, double t, double expected)
    {
        Assert.Equal(expected, ClassifierFreeGuidance.ScaleAt(g, truncation, t));
        Assert.Equal(g > 1, ClassifierFreeGuidance.Enabled(g));
    }
}
