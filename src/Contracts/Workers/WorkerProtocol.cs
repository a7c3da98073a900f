using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// The contract between a supervisor (the sweep's TrainerGrain) and a training worker process:
/// <list type="bullet">
/// <item>The supervisor runs <c>&lt;worker&gt; &lt;job file&gt; [--resume-from &lt;checkpoint&gt;] [--run-id &lt;run&gt;]</c>; the run id
/// is the arm's placement (its epoch), recorded in the experiment's durable state and in every checkpoint record the
/// worker commits.</item>
/// <item>The worker writes <see cref="WorkerEvent"/>s to stdout as JSON lines (snake_case keys, <c>event</c> names the
/// kind); human-readable logs go to stderr.</item>
/// <item>The supervisor writes <see cref="WorkerCommand"/>s to stdin as JSON lines. End of stdin means the supervisor is
/// gone: the worker exits at once without saving, so a worker orphaned by a crashed silo never races its replacement.</item>
/// <item>Fencing, when started with a run id: a checkpoint is written under temporary names, then the worker writes
/// <see cref="CommitReadyEvent"/> and waits. The supervisor answers <see cref="WorkerCommand.Commit"/> only after the
/// experiment's durable state confirmed that this run is still the arm's current run; otherwise, or when it cannot
/// ask, <see cref="WorkerCommand.Abandon"/>. It fails closed: no answer within <see cref="CommitAnswerTimeout"/> is an
/// abandon. An abandoned checkpoint is deleted and the worker exits with <see cref="FencedExitCode"/> without another
/// event, so a worker cut off from its cluster never overwrites the checkpoints of the run that replaced it.
/// Without a run id (an interactive <c>zsweep train</c>) checkpoints are committed at once.</item>
/// <item>Exit code 0 after <see cref="FinishedEvent"/> or <see cref="StoppedEvent"/>; anything else is a failure.</item>
/// </list>
/// </summary>
public static class WorkerProtocol
{
    public const string ResumeFromOption = "--resume-from";
    public const string RunIdOption = "--run-id";

    /// <summary>The exit code of a worker whose checkpoint commit was abandoned: superseded, not failed; never restarted.</summary>
    public const int FencedExitCode = 75;

    /// <summary>
    /// How long a worker waits for the answer to <see cref="CommitReadyEvent"/> before abandoning: longer than the
    /// supervisor's own confirmation takes when it fails (a grain call's response timeout, a storage write's
    /// connection timeout), so the supervisor's answer normally comes first, and bounded so a hung supervisor cannot
    /// keep a worker training forever.
    /// </summary>
    public static readonly TimeSpan CommitAnswerTimeout = TimeSpan.FromMinutes(2);

    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Format(WorkerEvent e) => JsonSerializer.Serialize(e, Options);

    /// <summary>Parses one stdout line; lines that are not protocol events (stray prints) return false.</summary>
    public static bool TryParseEvent(string line, out WorkerEvent? e)
    {
        e = null;
        if (!line.StartsWith('{')) return false;
        try
        {
            e = JsonSerializer.Deserialize<WorkerEvent>(line, Options);
            return e is not null;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false; // an unknown "event" discriminator
        }
    }

    public static string Format(WorkerCommand command) => JsonSerializer.Serialize(new CommandLine(command), Options);

    public static bool TryParseCommand(string line, out WorkerCommand command)
    {
        command = default;
        try
        {
            if (JsonSerializer.Deserialize<CommandLine>(line, Options) is not { } parsed) return false;
            command = parsed.Command;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    sealed record CommandLine(WorkerCommand Command);
}
