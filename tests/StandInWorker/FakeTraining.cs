using System.Security.Cryptography;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Contracts.Workers;

namespace ZImageSweep.StandInWorker;

/// <summary>
/// Pretends to train the job: one "step" per <c>meta.fake_step_ms</c> milliseconds (default 20), a checkpoint file
/// every <c>save.save_every</c> steps, and every trained step appended to <c>steps.log</c> beside the checkpoints so
/// tests can prove that no step was lost or trained twice. The job's free-form <c>meta</c> carries the test's wishes,
/// so one cluster can run well-behaved and crashing arms side by side: <c>meta.fake_crash_at_step: N</c> (or a list,
/// <c>"3,7,11"</c>) makes the first run that reaches step N crash the whole worker process (exit code 3, without a word: every arm in
/// it is lost) (marker files keep later
/// runs from crashing there again), <c>meta.fake_crash_runs: K</c> makes the first K runs that reach it crash, and
/// <c>meta.fake_crash_every_run: "true"</c> makes every run crash there. <c>meta.fake_sample_every: N</c> writes
/// one solid-colour PNG per prompt every N steps (<see cref="FakeSamples"/>) and a validation report with each checkpoint
/// (<c>meta.fake_validation_items: N</c> also writes its items file, <see cref="FakeValidation"/>);
/// <c>meta.fake_idle: "true"</c> trains no step at all, only waits for commands, so a test can hold an arm Running
/// and feed its comparison by hand; <c>meta.fake_hold_at_step: N</c> makes the first run (the one that starts from
/// step 0) train up to step N and then only wait for commands, while a resumed run trains on, so a test can pause,
/// cancel or kill at a known step instead of racing the steps; with <c>meta.fake_hold_until: FILE</c> (relative to the
/// arm folder) every run holds there until the file exists, so a test can act on a training arm however slowly its
/// commands start. Every event carries the arm's run, and its stderr lines are prefixed with it (WorkerProtocol).
/// </summary>
public static class FakeTraining
{
    const int CrashExitCode = 3;

    /// <summary>Trains one arm of the slot's worker until it finishes, stops, fails or is fenced (the arm leaves; the process goes on).</summary>
    public static async Task RunAsync(JobConfig job, WorkerCommandLine start, RunInbox commands, EventWriter events, Action<string> log)
    {
        string runId = start.Run!;
        string? resumeFrom = start.ResumeFrom;
        var output = TrainingOutput.Of(job);
        string folder = output.Folder;
        Directory.CreateDirectory(folder);
        int stepMs = int.Parse(job.Meta.GetValueOrDefault("fake_step_ms", "20"));
        long[] crashAt = job.Meta.GetValueOrDefault("fake_crash_at_step", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        int crashRuns = job.Meta.GetValueOrDefault("fake_crash_every_run") == "true" ? int.MaxValue : int.Parse(job.Meta.GetValueOrDefault("fake_crash_runs", "1"));
        int sampleEvery = int.Parse(job.Meta.GetValueOrDefault("fake_sample_every", "0"));
        bool validates = sampleEvery > 0 || job.Meta.ContainsKey("fake_validation_items");
        bool idle = job.Meta.GetValueOrDefault("fake_idle") == "true";
        long holdAt = long.Parse(job.Meta.GetValueOrDefault("fake_hold_at_step", "-1"));
        string? holdUntil = job.Meta.GetValueOrDefault("fake_hold_until") is { } file ? Path.Combine(folder, file) : null;

        long step = resumeFrom is null ? 0 : long.Parse(File.ReadAllText(resumeFrom).Split('=')[1]);
        long startStep = step;
        long total = job.Process.Train.Steps;
        int saveEvery = job.Process.Save.SaveEvery;
        void Emit(WorkerEvent e) => events.Emit(e with { Run = runId });
        void Log(string message) => log(WorkerProtocol.FormatLogLine(runId, $"stand-in worker {Environment.ProcessId}: {message}"));
        // A checkpoint, staged first and committed only on the supervisor's yes (WorkerProtocol's fencing); on its no
        // the arm writes fenced and leaves.
        bool SaveFenced(long at)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            string path = output.LoraPath(at);
            string staged = output.StagedPath(at, runId, "lora");
            AtomicFile.WriteAllText(staged, $"step={at}");
            Emit(new CommitReadyEvent(at));
            if (!commands.WaitForCommit(WorkerProtocol.CommitAnswerTimeout))
            {
                File.Delete(staged);
                Log($"checkpoint at step {at} abandoned (run {runId} superseded)");
                Emit(new FencedEvent(at));
                return false;
            }
            File.Move(staged, path, overwrite: true);
            Emit(new CheckpointSavedEvent(at, path, Sha256(path), watch.Elapsed.TotalSeconds));
            return true;
        }

        Log($"{job.Name} from step {step} of {total}");
        Emit(new StartedEvent(step, total));
        long lastSaved = step;
        while (step < total)
        {
            if (commands.TryTake(out var command))
            {
                if (command == WorkerCommand.Stop)
                {
                    if (step > lastSaved && !SaveFenced(step)) return;
                    Emit(new StoppedEvent(step));
                    return;
                }
                if (command == WorkerCommand.SaveNow)
                {
                    if (!SaveFenced(step)) return;
                    lastSaved = step;
                }
            }
            await Task.Delay(stepMs);
            bool held = step == holdAt && (holdUntil is null ? startStep == 0 : !File.Exists(holdUntil));
            if (idle || held) continue;
            step++;
            if (crashAt.Contains(step) && TryClaimCrash(folder, step, crashRuns)) Environment.Exit(CrashExitCode);
            File.AppendAllText(Path.Combine(folder, "steps.log"), $"{Environment.ProcessId} {step}\n");
            Emit(new StepEvent(step, Loss: 1.0 / (1 + step), Lr: job.Process.Train.Lr, StepSeconds: stepMs / 1000.0));
            if (step % saveEvery == 0 && step < total)
            {
                if (!SaveFenced(step)) return;
                lastSaved = step;
                if (validates) Emit(FakeValidation.Report(job, folder, step));
            }
            if (sampleEvery > 0 && step % sampleEvery == 0) Emit(FakeSamples.Write(output, step));
        }
        string final = output.FinalLoraPath;
        AtomicFile.WriteAllText(final, $"step={step}");
        Emit(new FinishedEvent(step, final, Sha256(final)));
    }

    /// <summary>Whether this run is one of the first <paramref name="runs"/> to reach <paramref name="step"/>: one marker file per crash.</summary>
    static bool TryClaimCrash(string folder, long step, int runs)
    {
        for (int run = 0; run < runs; run++)
        {
            try
            {
                using var marker = new FileStream(Path.Combine(folder, $"crashed-{step}-{run}.marker"), FileMode.CreateNew);
                return true;
            }
            catch (IOException)
            {
                // an earlier run crashed here already: try the next claim
            }
        }
        return false;
    }

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
