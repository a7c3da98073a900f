using System.Text.Json;
using ZImageSweep.Contracts.Artifacts;
using ZImageSweep.Engine.IO;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Training.Checkpoints;

/// <summary>
/// Checkpoints in an ai-toolkit-compatible layout that can always be resumed:
/// <c>{root}/{name}_{step:09d}.safetensors</c> is the LoRA exactly as ai-toolkit writes it (ComfyUI and diffusers
/// load it unchanged), and <c>{root}/.state/{name}_{step:09d}.safetensors</c> holds the optimizer, generator and
/// data-position state plus the LoRA file's SHA-256. Both are written atomically, the state file last, so a state
/// file whose hash matches its LoRA file marks a complete checkpoint; a crash mid-save leaves at most an orphan
/// LoRA file that resume ignores. The final LoRA is <c>{root}/{name}.safetensors</c>.
/// </summary>
public sealed class CheckpointStore(string root, string name, int maxStepSavesToKeep)
{
    readonly TrainingOutput _output = new(root, name);
    const string OptimizerPrefix = "optimizer.", GeneratorPrefix = "generator.", ParameterPrefix = "parameter.", EmaPrefix = "ema.";

    public string Root { get; } = root;

    public string LoraPath(int step) => _output.LoraPath(step);
    public string FinalLoraPath => _output.FinalLoraPath;
    string StatePath(int step) => _output.StatePath(step);

    public SavedCheckpoint Save(TrainingCheckpoint checkpoint)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string loraPath = LoraPath(checkpoint.Step);
        SafeTensorsWriter.Save(loraPath, checkpoint.Lora, checkpoint.LoraMetadata);
        string sha256 = FileHash.Sha256(loraPath);

        var state = new Dictionary<string, Tensor>();
        foreach (var (key, t) in checkpoint.OptimizerState) state[OptimizerPrefix + key] = t;
        foreach (var (key, t) in checkpoint.GeneratorStates) state[GeneratorPrefix + key] = t;
        foreach (var (key, t) in checkpoint.Parameters) state[ParameterPrefix + key] = t;
        foreach (var (key, t) in checkpoint.Ema) state[EmaPrefix + key] = t;
        var metadata = new Dictionary<string, string>
        {
            ["step"] = checkpoint.Step.ToString(),
            ["data_position"] = JsonSerializer.Serialize(checkpoint.Data),
            ["lora_file"] = Path.GetFileName(loraPath),
            ["lora_sha256"] = sha256,
        };
        string statePath = StatePath(checkpoint.Step);
        SafeTensorsWriter.Save(statePath, state, metadata);
        ApplyRetention();
        return new SavedCheckpoint(checkpoint.Step, loraPath, statePath, sha256) { SaveTime = clock.Elapsed };
    }

    public string SaveFinal(IReadOnlyDictionary<string, Tensor> lora, IReadOnlyDictionary<string, string> metadata)
    {
        SafeTensorsWriter.Save(FinalLoraPath, lora, metadata);
        return FinalLoraPath;
    }

    /// <summary>The newest checkpoint whose state file vouches for an intact LoRA file; null when there is none.</summary>
    /// <param name="rejected">Receives each newer checkpoint that was skipped and why (corrupt, hash mismatch, missing).</param>
    public SavedCheckpoint? FindLatestComplete(Action<string>? rejected = null)
    {
        if (!Directory.Exists(_output.StateFolder)) return null;
        foreach (var (step, statePath) in StepFiles(_output.StateFolder).OrderByDescending(s => s.Step))
        {
            string loraPath = LoraPath(step);
            try
            {
                using var state = SafeTensorsFile.Open(statePath);
                if (!File.Exists(loraPath)) { rejected?.Invoke($"{statePath}: its LoRA file {loraPath} is missing"); continue; }
                string sha256 = FileHash.Sha256(loraPath);
                if (sha256 != state.Metadata.GetValueOrDefault("lora_sha256")) { rejected?.Invoke($"{loraPath}: SHA-256 does not match the checkpoint record (file changed or damaged)"); continue; }
                return new SavedCheckpoint(step, loraPath, statePath, sha256);
            }
            catch (SafeTensorsFormatException e)
            {
                rejected?.Invoke(e.Message);
            }
        }
        return null;
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

    /// <summary>ai-toolkit's max_step_saves_to_keep: drop the oldest step checkpoints beyond the limit (both files).</summary>
    void ApplyRetention()
    {
        if (maxStepSavesToKeep <= 0) return;
        foreach (var (step, statePath) in StepFiles(_output.StateFolder).OrderByDescending(s => s.Step).Skip(maxStepSavesToKeep))
        {
            File.Delete(statePath);
            File.Delete(LoraPath(step));
        }
    }

    IEnumerable<(int Step, string Path)> StepFiles(string folder) =>
        from path in Directory.EnumerateFiles(folder, _output.StepFilePattern)
        let step = _output.StepOf(path)
        where step is not null
        select (step.Value, path);
}
