using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// The contract between a supervisor (the sweep's TrainerGrain) and a training worker process:
/// <list type="bullet">
/// <item>The supervisor runs <c>&lt;worker&gt; &lt;job file&gt; [--resume-from &lt;checkpoint&gt;]</c>.</item>
/// <item>The worker writes <see cref="WorkerEvent"/>s to stdout as JSON lines (snake_case keys, <c>event</c> names the
/// kind); human-readable logs go to stderr.</item>
/// <item>The supervisor writes <see cref="WorkerCommand"/>s to stdin as JSON lines. End of stdin means the supervisor is
/// gone: the worker exits at once without saving, so a worker orphaned by a crashed silo never races its replacement.</item>
/// <item>Exit code 0 after <see cref="FinishedEvent"/> or <see cref="StoppedEvent"/>; anything else is a failure.</item>
/// </list>
/// </summary>
public static class WorkerProtocol
{
    public const string ResumeFromOption = "--resume-from";

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
