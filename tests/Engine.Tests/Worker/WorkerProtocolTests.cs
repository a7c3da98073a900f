using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.Engine.Tests.Worker;

[Trait(Tier.Name, Tier.Unit)]
public sealed class WorkerProtocolTests
{
    [Fact]
    public void Events_AreSnakeCaseJsonLinesNamedByEvent()
    {
        string line = WorkerProtocol.Format(new StepEvent(12, 0.25, 1e-4, 0.5));

        Assert.Equal("""{"event":"step","loss":0.25,"lr":0.0001,"step_seconds":0.5,"step":12}""", line);
    }

    public static TheoryData<WorkerEvent> AllEvents() =>
    [
        new StartedEvent(40, 100),
        new StepEvent(41, 0.1, 2e-4, 0.3),
        new CommitReadyEvent(50),
        new CheckpointSavedEvent(50, "/a/b_000000050.safetensors", "ab12", 1.5),
        new ValidationEvent(50, 0.42, 0.1, null),
        new StoppedEvent(55),
        new FinishedEvent(100, "/a/b.safetensors", "cd34"),
        new FailedEvent(7, "NaN loss"),
    ];

    [Fact]
    public void CommitReady_IsTheFencingQuestion()
    {
        Assert.Equal("""{"event":"commit_ready","step":8}""", WorkerProtocol.Format(new CommitReadyEvent(8)));
    }

    [Theory]
    [MemberData(nameof(AllEvents))]
    public void Events_RoundTrip(WorkerEvent e)
    {
        Assert.True(WorkerProtocol.TryParseEvent(WorkerProtocol.Format(e), out var parsed));
        Assert.Equal(e, parsed);
    }

    [Fact]
    public void SamplesEvent_RoundTripsItsPaths()
    {
        SampleFile[] files = [new("x.jpg", 0, "a cat", 1.0), new("y.jpg", 1, "a dog", 0.6)];
        Assert.True(WorkerProtocol.TryParseEvent(WorkerProtocol.Format(new SamplesWrittenEvent(5, files)), out var parsed));
        Assert.Equal(files, Assert.IsType<SamplesWrittenEvent>(parsed).Samples);
    }

    [Theory]
    [InlineData("loading model...")]
    [InlineData("{\"event\":\"teleported\",\"step\":1}")]
    [InlineData("{not json")]
    public void NonProtocolLines_AreNotEvents(string line) => Assert.False(WorkerProtocol.TryParseEvent(line, out _));

    [Theory]
    [InlineData(WorkerCommand.Stop, """{"command":"stop"}""")]
    [InlineData(WorkerCommand.SaveNow, """{"command":"save_now"}""")]
    [InlineData(WorkerCommand.SampleNow, """{"command":"sample_now"}""")]
    [InlineData(WorkerCommand.Commit, """{"command":"commit"}""")]
    [InlineData(WorkerCommand.Abandon, """{"command":"abandon"}""")]
    public void Commands_AreJsonLines(WorkerCommand command, string line)
    {
        Assert.Equal(line, WorkerProtocol.Format(command));
        Assert.True(WorkerProtocol.TryParseCommand(line, out var parsed));
        Assert.Equal(command, parsed);
    }
}
