using System.Globalization;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Sampling;
using ZImageSweep.Engine.Tests.Reference;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Sampling;

public sealed class FlowMatchEulerSchedulerTests
{
    public FlowMatchEulerSchedulerTests() => LibTorchLoader.EnsureLoaded();

    public static TheoryData<ReferenceCase> Cases => ReferenceCases.OfKind("scheduler");

    /// <summary>Every <c>sigmas.{steps}.{shift}</c> / <c>timesteps.{steps}.{shift}</c> table of the case, steps and shift read from the key.</summary>
    [Theory, MemberData(nameof(Cases)), Trait("Category", "Reference")]
    public void Tables_MatchReference(ReferenceCase c)
    {
        using var scope = NewDisposeScope();
        using var io = ReferenceCases.Open(c.Io);
        var sigmaKeys = io.Keys.Where(k => k.StartsWith("sigmas.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(sigmaKeys);
        foreach (string key in sigmaKeys)
        {
            string suffix = key["sigmas.".Length..]; // "{steps}.{shift}", the shift itself may contain a dot
            int dot = suffix.IndexOf('.');
            int steps = int.Parse(suffix[..dot], CultureInfo.InvariantCulture);
            double shift = double.Parse(suffix[(dot + 1)..], CultureInfo.InvariantCulture);

            FlowMatchSchedule schedule = new FlowMatchEulerScheduler(shift).Schedule(steps);
            ReferenceCases.AssertClose($"{c.Name} {key}", tensor(schedule.Sigmas), io.Read(key));
            ReferenceCases.AssertClose($"{c.Name} timesteps.{suffix}", tensor(schedule.Timesteps), io.Read($"timesteps.{suffix}"));
        }
    }

    [Fact]
    public void TurboEightSteps_GivesThePublishedSigmasAndModelTimes()
    {
        FlowMatchSchedule schedule = FlowMatchEulerScheduler.Turbo.Schedule(8);
        float[] expected = [1.0f, 0.954545f, 0.9f, 0.833333f, 0.75f, 0.642857f, 0.5f, 0.3f, 0f]; // ZIMAGE.md §8.2
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], schedule.Sigmas[i], 1e-5f);
        Assert.Equal(0f, schedule.ModelTime(0));
        Assert.Equal(0.7f, schedule.ModelTime(7), 1e-5f);
    }

    [Fact]
    public void NonPositiveShiftOrSteps_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlowMatchEulerScheduler(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FlowMatchEulerScheduler.Turbo.Schedule(0));
    }
}
