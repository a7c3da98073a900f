using System.Collections.Concurrent;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.StandInWorker;

/// <summary>
/// One slot's worker process (WorkerProtocol v2): reads commands from stdin on a background thread, runs each started
/// arm as its own <see cref="FakeTraining"/> loop beside the others, and routes every other command to its arm by run.
/// A start whose <c>model.name_or_path</c> differs from that of arms still training is refused with a failed event
/// (the stand-in's notion of "another base"). <c>drain</c> stops every arm and exits 0 once all have left; end of stdin
/// exits 2 at once, without saving.
/// </summary>
public static class SlotWorker
{
    public static async Task<int> RunAsync(TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var events = new EventWriter(stdout);
        var arms = new ConcurrentDictionary<string, (RunInbox Inbox, string Base)>();
        var drained = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool draining = false;
        void Log(string line) { lock (stderr) stderr.WriteLine(line); }

        void Start(WorkerCommandLine start)
        {
            string run = start.Run!;
            if (Volatile.Read(ref draining) || arms.ContainsKey(run))
            {
                Log($"stand-in worker {Environment.ProcessId}: ignoring start of run {run} (draining or already training)");
                return;
            }
            var job = JobDocument.Load(start.Job!).Bind();
            string model = job.Process.Model.NameOrPath;
            if (arms.Values.FirstOrDefault(a => a.Base != model) is { Base: { } other })
            {
                events.Emit(new FailedEvent(0, $"model.name_or_path {model} differs from {other}, the base of the arms training in this worker") { Run = run });
                return;
            }
            var inbox = new RunInbox();
            arms[run] = (inbox, model);
            _ = Task.Run(async () =>
            {
                try
                {
                    await FakeTraining.RunAsync(job, start, inbox, events, Log);
                }
                catch (Exception e)
                {
                    Log($"stand-in worker {Environment.ProcessId}: run {run} crashed the worker: {e}");
                    Environment.Exit(1);
                }
                arms.TryRemove(run, out _);
                if (Volatile.Read(ref draining) && arms.IsEmpty) drained.TrySetResult(0);
            });
        }

        var reader = new Thread(() =>
        {
            while (stdin.ReadLine() is { } line)
            {
                if (!WorkerProtocol.TryParseCommand(line, out var command))
                {
                    Log($"stand-in worker {Environment.ProcessId}: ignoring unrecognised command line: {line}");
                    continue;
                }
                if (command!.Command == WorkerCommand.Start) Start(command);
                else if (command.Command == WorkerCommand.Drain)
                {
                    Volatile.Write(ref draining, true);
                    foreach (var arm in arms.Values) arm.Inbox.Post(WorkerCommand.Stop);
                    if (arms.IsEmpty) drained.TrySetResult(0);
                }
                else if (arms.TryGetValue(command.Run!, out var arm)) arm.Inbox.Post(command.Command);
                else Log($"stand-in worker {Environment.ProcessId}: ignoring {line}: no such run here");
            }
            // The supervisor is gone: exit at once, without saving, so this worker never races its replacement.
            Environment.Exit(WorkerProtocol.SupervisorGoneExitCode);
        }) { IsBackground = true };
        Log($"stand-in worker {Environment.ProcessId}: waiting for arms");
        reader.Start();
        return await drained.Task;
    }
}
