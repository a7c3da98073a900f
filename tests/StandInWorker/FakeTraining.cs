using System.Security.Cryptography;
using ZImageSweep.Engine.Config;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Worker;

namespace ZImageSweep.StandInWorker;

/// <summary>
/// Pretends to train the job: one "step" per <c>meta.fake_step_ms</c> milliseconds (default 20), a checkpoint file
/// every <c>save.save_every</c> steps, and every trained step appended to <c>steps.log</c> beside the checkpoints so
/// tests can prove that no step was lost or trained twice. The job's free-form <c>meta</c> carries the test's wishes,
/// so one cluster can run well-behaved and crashing arms side by side: <c>meta.fake_crash_at_step: N</c> makes the
/// first run that reaches step N exit with code 3 without a word (a marker file keeps later runs from crashing
/// again), and <c>meta.fake_crash_every_run: "true"</c> makes every run crash there. <c>meta.fake_sample_every: N</c> writes
/// one solid-colour PNG per prompt every N steps (<see cref="FakeSamples"/>) and a validation report with each checkpoint;
/// <c>meta.fake_idle: "true"</c> trains no step at all, only waits for commands, so a test can hold an arm Running
/// and feed its comparison by hand. <c>meta.fake_hold_at_step: N</c> with <c>meta.fake_hold_until: FILE</c> (relative to
/// the arm folder) holds a run at step N, waiting for commands, until the file exists, so a test can act on a training
/// arm however slowly its commands start.
/// </summary>
public static class FakeTraining
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var job = JobDocument.Load(args[0]).Bind();
        string? resumeFrom = args.Length >= 3 && args[1] == WorkerProtocol.ResumeFromOption ? args[2] : null;
        string folder = Path.Combine(job.Process.TrainingFolder, job.Name);
        Directory.CreateDirectory(folder);
        int stepMs = int.Parse(job.Meta.GetValueOrDefault("fake_step_ms", "20"));
        long crashAt = long.Parse(job.Meta.GetValueOrDefault("fake_crash_at_step", "-1"));
        bool crashEveryRun = job.Meta.GetValueOrDefault("fake_crash_every_run") == "true";
        int sampleEvery = int.Parse(job.Meta.GetValueOrDefault("fake_sample_every", "0"));
        bool idle = job.Meta.GetValueOrDefault("fake_idle") == "true";
        long holdAt = long.Parse(job.Meta.GetValueOrDefault("fake_hold_at_step", "-1"));
        string? holdUntil = job.Meta.GetValueOrDefault("fake_hold_until");

        long step = resumeFrom is null ? 0 : long.Parse(File.ReadAllText(resumeFrom).Split('=')[1]);
        long total = job.Process.Train.Steps;
        int saveEvery = job.Process.Save.SaveEvery;
        var commands = new CommandInbox(stdin);
        void Emit(WorkerEvent e) { stdout.WriteLine(WorkerProtocol.Format(e)); stdout.Flush(); }

        stderr.WriteLine($"stand-in worker {Environment.ProcessId}: {job.Name} from step {step} of {total}");
        Emit(new StartedEvent(step, total));
        long lastSaved = step;
        while (step < total)
        {
            if (commands.SupervisorGone) return 2;
            if (commands.TryTake(out var command))
            {
                if (command == WorkerCommand.Stop)
                {
                    if (step > lastSaved) Emit(Save(folder, job.Name, step));
                    Emit(new StoppedEvent(step));
                    return 0;
                }
                if (command == WorkerCommand.SaveNow) { Emit(Save(folder, job.Name, step)); lastSaved = step; }
            }
            await Task.Delay(stepMs);
            if (idle || (step == holdAt && holdUntil is not null && !File.Exists(holdUntil))) continue;
            step++;
            if (step == crashAt && (crashEveryRun || TryClaimCrash(folder))) return 3;
            File.AppendAllText(Path.Combine(folder, "steps.log"), $"{Environment.ProcessId} {step}\n");
            Emit(new StepEvent(step, Loss: 1.0 / (1 + step), Lr: job.Process.Train.Lr, StepSeconds: stepMs / 1000.0));
            if (step % saveEvery == 0 && step < total)
            {
                Emit(Save(folder, job.Name, step));
                lastSaved = step;
                if (sampleEvery > 0) Emit(new ValidationEvent(step, ValidationLoss: 2.0 / (1 + step), TurboDrift: null, TriggerLeakage: 0.01 * step));
            }
            if (sampleEvery > 0 && step % sampleEvery == 0) Emit(FakeSamples.Write(folder, job.Name, step));
        }
        string final = Path.Combine(folder, $"{job.Name}.safetensors");
        AtomicFile.WriteAllText(final, $"step={step}");
        Emit(new FinishedEvent(step, final, Sha256(final)));
        return 0;
    }

    static CheckpointSavedEvent Save(string folder, string name, long step)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string path = Path.Combine(folder, $"{name}_{step:D9}.safetensors");
        AtomicFile.WriteAllText(path, $"step={step}");
        return new CheckpointSavedEvent(step, path, Sha256(path), watch.Elapsed.TotalSeconds);
    }

    static bool TryClaimCrash(string folder)
    {
        try
        {
            using var marker = new FileStream(Path.Combine(folder, "crashed.marker"), FileMode.CreateNew);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
