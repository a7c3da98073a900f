using ZImageSweep.Grains.Experiments;
using ZImageSweep.Grains.Interfaces.Experiments;
using static ZImageSweep.Grains.Interfaces.Experiments.ExperimentStatus;

namespace ZImageSweep.Grains.Tests.Experiments;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ExperimentTransitionsTests
{
    static readonly (ExperimentStatus From, ExperimentStatus To)[] Edges =
    [
        (Queued, Running), (Queued, Paused), (Queued, Cancelled), (Queued, Failed), (Queued, Stopped),
        (Running, Queued), (Running, Paused), (Running, Completed), (Running, Failed), (Running, Cancelled), (Running, Stopped),
        (Paused, Queued), (Paused, Cancelled), (Paused, Stopped),
        (Failed, Queued),
    ];

    public static TheoryData<ExperimentStatus, ExperimentStatus> AllPairs()
    {
        var data = new TheoryData<ExperimentStatus, ExperimentStatus>();
        foreach (var from in Enum.GetValues<ExperimentStatus>())
            foreach (var to in Enum.GetValues<ExperimentStatus>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void EveryPair_IsAllowedExactlyWhenItIsAnEdgeOfTheLifecycle(ExperimentStatus from, ExperimentStatus to) =>
        Assert.Equal(Edges.Contains((from, to)), ExperimentTransitions.IsAllowed(from, to));

    [Fact]
    public void IllegalChange_ThrowsNamingBothStatuses()
    {
        var e = Assert.Throws<InvalidTransitionException>(() => ExperimentTransitions.Ensure("s/arm", Completed, Queued));

        Assert.Equal((Completed, Queued), (e.From, e.To));
        Assert.Contains("Completed", e.Message);
        Assert.Contains("Queued", e.Message);
        Assert.Contains("s/arm", e.Message);
    }

    [Theory]
    [InlineData(Completed, true)]
    [InlineData(Failed, true)]
    [InlineData(Cancelled, true)]
    [InlineData(Stopped, true)]
    [InlineData(Paused, false)]
    [InlineData(Running, false)]
    public void OnlyCompletedFailedCancelledAndStopped_AreTerminal(ExperimentStatus status, bool terminal) =>
        Assert.Equal(terminal, ExperimentTransitions.IsTerminal(status));

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void OnlyACompletedOrStoppedArm_CanBeExtended_AndOnlyByAnExtension(ExperimentStatus status)
    {
        Assert.Equal(status is Completed or Stopped, ExperimentTransitions.IsExtendable(status));
        Assert.False(ExperimentTransitions.IsAllowed(Completed, status)); // resume, retry and the rest still leave a finished arm alone
        Assert.False(ExperimentTransitions.IsAllowed(Stopped, status));
    }

    public static TheoryData<ExperimentStatus> AllStatuses() => [.. Enum.GetValues<ExperimentStatus>()];
}
