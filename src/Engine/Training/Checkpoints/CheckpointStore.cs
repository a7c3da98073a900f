using System.Text.Json;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.IO;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>
/// Checkpoints in an ai-toolkit-compatible layout that can always be resumed:
/// <c>{root}/{name}_{step:09d}.safetensors</c> is the LoRA exactly as ai-toolkit writes it (ComfyUI and diffusers
/// load it unchanged), <c>{root}/.state/{name}_{step:09d}.safetensors</c> holds the optimizer, generator and
/// data-position state, and <c>{root}/.state/{name}_{step:09d}.json</c> (<see cref="CheckpointRecord"/>) the SHA-256
/// of both files, the job's <see cref="JobFingerprint"/> and the run that committed it. The two files are staged under
/// the run's temporary names and renamed into place only when the run may commit (<see cref="ICheckpointFence"/>),
/// the record last, so a
/// record whose hashes match marks a complete checkpoint; a crash mid-save leaves at most orphan files that resume
/// ignores, and a file damaged later is detected and skipped. The final LoRA is <c>{root}/{name}.safetensors</c>.
/// </summary>
/// <param name="job">The fingerprint recorded with each checkpoint and required of the one resumed.</param>
public sealed class CheckpointStore(string root, string name, int maxStepSavesToKeep, IReadOnlyDictionary<string, string> job)
{
    readonly TrainingOutput _output = new(root, name);
    const string OptimizerPrefix = "optimizer.", GeneratorPrefix = "generator.", ParameterPrefix = "parameter.", EmaPrefix = "ema.";

    public string Root { get; } = root;

    /// <summary>The store of a run: its output folder, job name, retention and fingerprint.</summary>
    public static CheckpointStore For(TrainerOptions options) =>
        new(options.OutputFolder, options.Name, options.MaxStepSavesToKeep, options.Fingerprint);

    public string LoraPath(int step) => _output.LoraPath(step);
    public string FinalLoraPath => _output.FinalLoraPath;
    string StatePath(int step) => _output.StatePath(step);
    string RecordPath(int step) => _output.RecordPath(step);

    /// <summary>Stages and commits at once: a run nobody can take over (<see cref="UnfencedRun"/>).</summary>
    public SavedCheckpoint Save(TrainingCheckpoint checkpoint) => Commit(Stage(checkpoint, run: null));

    /// <summary>
    /// Writes the LoRA and state files under <paramref name="run"/>'s temporary names and hashes them; nothing a resume
    /// reads changes until <see cref="Commit"/>.
    /// </summary>
    public StagedCheckpoint Stage(TrainingCheckpoint checkpoint, string? run)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string stagedAs = run ?? $"process-{Environment.ProcessId}";
        string loraPath = _output.StagedPath(checkpoint.Step, stagedAs, "lora");
        SafeTensorsWriter.Save(loraPath, checkpoint.Lora, checkpoint.LoraMetadata);

        var state = new Dictionary<string, Tensor>();
        foreach (var (key, t) in checkpoint.OptimizerState) state[OptimizerPrefix + key] = t;
        foreach (var (key, t) in checkpoint.GeneratorStates) state[GeneratorPrefix + key] = t;
        foreach (var (key, t) in checkpoint.Parameters) state[ParameterPrefix + key] = t;
        foreach (var (key, t) in checkpoint.Ema) state[EmaPrefix + key] = t;
        var metadata = new Dictionary<string, string>
        {
            ["step"] = checkpoint.Step.ToString(),
            ["data_position"] = JsonSerializer.Serialize(checkpoint.Data),
        };
        string statePath = _output.StagedPath(checkpoint.Step, stagedAs, "state");
        SafeTensorsWriter.Save(statePath, state, metadata);
        return new StagedCheckpoint(checkpoint.Step, run, loraPath, FileHash.Sha256(loraPath), statePath, FileHash.Sha256(statePath), clock.Elapsed);
    }

    /// <summary>
    /// Renames a staged checkpoint into place and writes its record last (the step's files of another run, if any, are
    /// replaced whole), then applies retention.
    /// </summary>
    public SavedCheckpoint Commit(StagedCheckpoint staged)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string loraPath = LoraPath(staged.Step), statePath = StatePath(staged.Step);
        File.Move(staged.StatePath, statePath, overwrite: true);
        File.Move(staged.LoraPath, loraPath, overwrite: true);
        var record = new CheckpointRecord(staged.Step, Path.GetFileName(loraPath), staged.LoraSha256, Path.GetFileName(statePath), staged.StateSha256, job, staged.Run);
        AtomicFile.WriteAllText(RecordPath(staged.Step), JsonSerializer.Serialize(record));
        ApplyRetention();
        return new SavedCheckpoint(staged.Step, loraPath, statePath, staged.LoraSha256) { SaveTime = staged.WriteTime + clock.Elapsed };
    }

    /// <summary>Deletes a staged checkpoint whose commit was refused.</summary>
    public static void Discard(StagedCheckpoint staged)
    {
        File.Delete(staged.LoraPath);
        File.Delete(staged.StatePath);
    }

    /// <summary>The record of a committed checkpoint (which run committed it, the hashes); null when the step has none.</summary>
    public CheckpointRecord? RecordOf(int step) =>
        File.Exists(RecordPath(step)) ? JsonSerializer.Deserialize<CheckpointRecord>(File.ReadAllText(RecordPath(step))) : null;

    public string SaveFinal(IReadOnlyDictionary<string, Tensor> lora, IReadOnlyDictionary<string, string> metadata)
    {
        SafeTensorsWriter.Save(FinalLoraPath, lora, metadata);
        return FinalLoraPath;
    }

    /// <summary>
    /// The newest checkpoint whose record vouches for intact LoRA and state files; null when there is none.
    /// </summary>
    /// <param name="rejected">Receives each newer checkpoint that was skipped and why (damaged, changed, missing).</param>
    /// <exception cref="CheckpointMismatchException">That checkpoint was written by a job with other training keys.</exception>
    public SavedCheckpoint? FindLatestComplete(Action<string>? rejected = null)
    {
        foreach (var (step, recordPath) in RecordFiles().OrderByDescending(s => s.Step))
        {
            if (Verify(step, recordPath) is not { } record) continue;
            var differences = JobFingerprint.Differences(record.Job, job);
            if (differences.Count > 0) throw new CheckpointMismatchException(Root, step, differences);
            return new SavedCheckpoint(step, LoraPath(step), StatePath(step), record.LoraSha256);
        }
        return null;

        CheckpointRecord? Verify(int step, string recordPath)
        {
            CheckpointRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<CheckpointRecord>(File.ReadAllText(recordPath));
            }
            catch (JsonException e)
            {
                rejected?.Invoke($"{recordPath}: unreadable checkpoint record ({e.Message}); using an earlier checkpoint");
                return null;
            }
            foreach (var (path, sha256) in new[] { (LoraPath(step), record?.LoraSha256), (StatePath(step), record?.StateSha256) })
            {
                string? problem = !File.Exists(path) ? "is missing"
                    : FileHash.Sha256(path) != sha256 ? "does not match its SHA-256 in the checkpoint record (changed or damaged)"
                    : null;
                if (problem is null) continue;
                rejected?.Invoke($"{path} {problem}; using an earlier checkpoint");
                return null;
            }
            return record;
        }
    }
    public TrainingCheckpoint Load(SavedCheckpoint saved)
    {
        using var loraFile = SafeTensorsFile.Open(saved.LoraPath);
        using var stateFile = SafeTensorsFile.Open(saved.StatePath);
        var lora = loraFile.Keys.ToDictionary(k => k, k => loraFile.Read(k));
        Dictionary<string, Tensor> WithPrefix(string prefix) => stateFile.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(k => k[prefix.Length..], k => stateFile.Read(k));
        var data = JsonSerializer.Deserialize<DataPosition>(stateFile.Metadata["data_position"])
                   ?? throw new SafeTensorsFormatException(saved.StatePath, null, "data_position metadata is empty");
        return new TrainingCheckpoint(saved.Step, data, lora, WithPrefix(OptimizerPrefix), WithPrefix(GeneratorPrefix), loraFile.Metadata)
        {
            Parameters = WithPrefix(ParameterPrefix),
            Ema = WithPrefix(EmaPrefix),
        };
    }

    /// <summary>ai-toolkit's max_step_saves_to_keep: drop the oldest step checkpoints beyond the limit (all three files).</summary>
    void ApplyRetention()
    {
        if (maxStepSavesToKeep <= 0) return;
        foreach (var (step, _) in RecordFiles().OrderByDescending(s => s.Step).Skip(maxStepSavesToKeep))
            Delete(step);
    }

    /// <summary><c>zsweep train --restart</c>: removes every step checkpoint of this job name (records first, so none is half-there).</summary>
    public void DeleteAll()
    {
        foreach (var (step, _) in RecordFiles()) Delete(step);
    }

    void Delete(int step)
    {
        File.Delete(RecordPath(step));
        File.Delete(StatePath(step));
        File.Delete(LoraPath(step));
    }

    IEnumerable<(int Step, string Path)> RecordFiles() =>
        !Directory.Exists(_output.StateFolder)
            ? []
            : from path in Directory.EnumerateFiles(_output.StateFolder, _output.RecordFilePattern)
              let step = _output.RecordStepOf(path)
              where step is not null
              select (step.Value, path);
}
