using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.Engine.Tests.Worker;

[Trait(Tier.Name, Tier.Unit)]
public sealed class WorkerProtocolTests
{
    [Fact]
    public void Events_AreSnakeCaseJsonLinesNamedByEvent()
    {
        string line = WorkerProtocol.Format(new StepEvent(12, 0.25, 1e-4, 0.5) { Run = "r1" });

        Assert.Equal("""{"event":"step","loss":0.25,"lr":0.0001,"step_seconds":0.5,"step":12,"run":"r1"}""", line);
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
        new FailedEvent(7, "NaN loss") { Run = "r1" },
        new FencedEvent(9) { Run = "r2" },
    ];

    [Fact]
    public void CommitReady_IsTheFencingQuestion()
    {
        Assert.Equal("""{"event":"commit_ready","step":8,"run":"r1"}""", WorkerProtocol.Format(new CommitReadyEvent(8) { Run = "r1" }));
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

    const string Run = "6f1c2d3e-0000-4000-8000-000000000001";

    [Fact]
    public void Events_CarryTheirRun()
    {
        string line = WorkerProtocol.Format(new FencedEvent(8) { Run = Run });

        Assert.Equal($$"""{"event":"fenced","step":8,"run":"{{Run}}"}""", line);
        Assert.True(WorkerProtocol.TryParseEvent(line, out var parsed));
        Assert.Equal(Run, parsed!.Run);
    }

    [Fact]
    public void ArmLogLines_CarryTheirRun()
    {
        string line = WorkerProtocol.FormatLogLine(Run, "resuming from step 40");

        Assert.Equal($"[run {Run}] resuming from step 40", line);
        Assert.True(WorkerProtocol.TryParseLogLine(line, out string run, out string message));
        Assert.Equal((Run, "resuming from step 40"), (run, message));
        Assert.False(WorkerProtocol.TryParseLogLine("loading the base model", out _, out _));
    }

    public static TheoryData<WorkerCommandLine, string> Commands() => new()
    {
        { WorkerCommandLine.Start(Guid.Parse(Run), "/s/a/job.yaml", "/s/a/c_000000010.safetensors"), $$"""{"command":"start","run":"{{Run}}","job":"/s/a/job.yaml","resume_from":"/s/a/c_000000010.safetensors"}""" },
        { WorkerCommandLine.Start(Guid.Parse(Run), "/s/a/job.yaml", null), $$"""{"command":"start","run":"{{Run}}","job":"/s/a/job.yaml"}""" },
        { WorkerCommandLine.For(Guid.Parse(Run), WorkerCommand.Stop), $$"""{"command":"stop","run":"{{Run}}"}""" },
        { WorkerCommandLine.For(Guid.Parse(Run), WorkerCommand.SaveNow), $$"""{"command":"save_now","run":"{{Run}}"}""" },
        { WorkerCommandLine.For(Guid.Parse(Run), WorkerCommand.SampleNow), $$"""{"command":"sample_now","run":"{{Run}}"}""" },
        { WorkerCommandLine.For(Guid.Parse(Run), WorkerCommand.Commit), $$"""{"command":"commit","run":"{{Run}}"}""" },
        { WorkerCommandLine.For(Guid.Parse(Run), WorkerCommand.Abandon), $$"""{"command":"abandon","run":"{{Run}}"}""" },
        { WorkerCommandLine.Drain, """{"command":"drain"}""" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Commands_AreJsonLines(WorkerCommandLine command, string line)
    {
        Assert.Equal(line, WorkerProtocol.Format(command));
        Assert.True(WorkerProtocol.TryParseCommand(line, out var parsed));
        Assert.Equal(command, parsed);
    }

    [Theory]
    [InlineData("""{"command":"start","run":"r1"}""")]
    [InlineData("""{"command":"stop"}""")]
    [InlineData("""{"command":"drain","run":"r1"}""")]
    [InlineData("""{"command":"teleport","run":"r1"}""")]
    [InlineData("{not json")]
    public void IncompleteOrUnknownCommands_AreMalformed(string line) => Assert.False(WorkerProtocol.TryParseCommand(line, out _));
}
