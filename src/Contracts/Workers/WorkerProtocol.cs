using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZImageSweep.Contracts.Workers;

/// <summary>
/// The contract (version 2, docs/architecture.md) between a supervisor (the silo's WorkerHost and the slot's
/// TrainerGrain) and the one long-lived training worker process of a GPU slot, which trains one or more arms ("runs")
/// and outlives each, keeping the loaded base and encoded-data caches for the next arm of the same base:
/// <list type="bullet">
/// <item>The supervisor starts one process per slot, <c>&lt;command&gt; &lt;arguments…&gt;</c> (by default
/// <c>zsweep worker</c>), with no job on the command line and CUDA_VISIBLE_DEVICES naming the slot's GPU.</item>
/// <item>The supervisor writes <see cref="WorkerCommandLine"/>s to stdin as JSON lines (snake_case keys, <c>command</c>
/// names the kind). <see cref="WorkerCommand.Start"/> adds an arm: its run (the arm's placement epoch, recorded in the
/// experiment's durable state and in every checkpoint record the worker commits), the absolute path of its job file
/// and the checkpoint to resume from. It joins at the next step boundary; a start whose base (model files, extras,
/// device, dtype, quantisation) differs from that of arms still training is refused with a <see cref="FailedEvent"/>
/// naming the differing key; with no arm training the worker swaps the base. Every other command but
/// <see cref="WorkerCommand.Drain"/> names its run. Unknown or malformed lines, and commands for a run the worker does
/// not train, are logged to stderr and ignored. End of stdin means the supervisor is gone: the worker exits at once
/// with <see cref="SupervisorGoneExitCode"/>, without saving, so a worker orphaned by a crashed silo never races its
/// replacement.</item>
/// <item>The worker writes <see cref="WorkerEvent"/>s to stdout as JSON lines (<c>event</c> names the kind), each with
/// the <c>run</c> of its arm; there are no process-level events. Human-readable logs (base loads and unloads, cache
/// hits) go to stderr; a line about one arm starts with its run (<see cref="FormatLogLine"/>). The supervisor keeps every
/// stderr line in the slot's log and copies an arm's lines, without the prefix, into that arm's own log. A run's first event is <see cref="StartedEvent"/> (or <see cref="FailedEvent"/>); its last is
/// exactly one of <see cref="FinishedEvent"/>, <see cref="StoppedEvent"/>, <see cref="FailedEvent"/>,
/// <see cref="FencedEvent"/>, after which the arm has left and the worker may be given another start.</item>
/// <item>Fencing, per run: a checkpoint is written under temporary names, then the worker writes
/// <see cref="CommitReadyEvent"/> for that run and holds that arm (and the arms stepping with it) at the step
/// boundary. The supervisor answers <see cref="WorkerCommand.Commit"/> only after the experiment's durable state
/// confirmed that this run is still the arm's current run; otherwise, or when it cannot ask,
/// <see cref="WorkerCommand.Abandon"/>. It fails closed: no answer within <see cref="CommitAnswerTimeout"/> is an
/// abandon. An abandoned checkpoint is deleted, the worker writes <see cref="FencedEvent"/> and the arm leaves, so a
/// worker cut off from its cluster never overwrites the checkpoints of the run that replaced it; other arms go on.
/// An interactive <c>zsweep train</c> has no run and commits at once.</item>
/// <item>Exit code 0 after <see cref="WorkerCommand.Drain"/> (every arm stopped as with <see cref="WorkerCommand.Stop"/>,
/// each reporting <see cref="StoppedEvent"/>); <see cref="SupervisorGoneExitCode"/> when stdin closed; anything else
/// is a crash that loses every arm in the process: the supervisor restarts it and starts each of its arms again from
/// that arm's own last verified checkpoint.</item>
/// </list>
/// </summary>
public static class WorkerProtocol
{
    /// <summary>The exit code of a worker whose stdin closed (its supervisor is gone): not a crash to restart from.</summary>
    public const int SupervisorGoneExitCode = 2;

    /// <summary>
    /// How long a worker waits for the answer to <see cref="CommitReadyEvent"/> before abandoning: longer than the
    /// supervisor's own confirmation takes when it fails (a grain call's response timeout, a storage write's
    /// connection timeout), so the supervisor's answer normally comes first, and bounded so a hung supervisor cannot
    /// keep a worker training forever.
    /// </summary>
    public static readonly TimeSpan CommitAnswerTimeout = TimeSpan.FromMinutes(2);

    const string RunLogPrefix = "[run ";

    /// <summary>A stderr line about one arm: <c>[run &lt;run&gt;] &lt;message&gt;</c>.</summary>
    public static string FormatLogLine(string run, string message) => $"{RunLogPrefix}{run}] {message}";

    /// <summary>Splits a stderr line written by <see cref="FormatLogLine"/>; false for a line about the process as a whole.</summary>
    public static bool TryParseLogLine(string line, out string run, out string message)
    {
        run = message = "";
        if (!line.StartsWith(RunLogPrefix, StringComparison.Ordinal)) return false;
        int end = line.IndexOf("] ", RunLogPrefix.Length, StringComparison.Ordinal);
        if (end < 0) return false;
        run = line[RunLogPrefix.Length..end];
        message = line[(end + 2)..];
        return true;
    }

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

    public static string Format(WorkerCommandLine command) => JsonSerializer.Serialize(command, Options);

    /// <summary>Parses one stdin line; malformed lines, unknown commands and lines missing what their command needs return false.</summary>
    public static bool TryParseCommand(string line, out WorkerCommandLine? command)
    {
        command = null;
        try
        {
            command = JsonSerializer.Deserialize<WorkerCommandLine>(line, Options);
        }
        catch (JsonException)
        {
            return false;
        }
        if (command is { IsComplete: true }) return true;
        command = null;
        return false;
    }
}
