using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Contracts.Artifacts;

/// <summary>
/// The folder one training job writes to, <c>&lt;training_folder&gt;/&lt;name&gt;</c> as in ai-toolkit, and every name
/// inside it: step LoRAs <c>&lt;name&gt;_&lt;step:09d&gt;.safetensors</c>, the final <c>&lt;name&gt;.safetensors</c>,
/// resume state under <c>.state/</c> (same file names) and preview images under <c>samples/</c>. The engine writes
/// this layout; the worker stand-in, the demo and the grains read it through this type only.
/// </summary>
public sealed record TrainingOutput(string Folder, string Name)
{
    const string Extension = ".safetensors", RecordExtension = ".json";

    /// <summary>Where a job's outputs go, resolved against the current directory as ai-toolkit does.</summary>
    public static TrainingOutput Of(JobConfig job) => new(Path.GetFullPath(Path.Combine(job.Process.TrainingFolder, job.Name)), job.Name);

    /// <summary>The preview-image folder of a training output folder.</summary>
    public static string SamplesFolderOf(string folder) => Path.Combine(folder, "samples");

    public string LoraPath(long step) => Path.Combine(Folder, StepFileName(step));

    public string FinalLoraPath => Path.Combine(Folder, Name + Extension);

    public string StateFolder => Path.Combine(Folder, ".state");

    public string StatePath(long step) => Path.Combine(StateFolder, StepFileName(step));

    /// <summary>A step checkpoint's integrity record (hashes of its LoRA and state files, the job's fingerprint), written last.</summary>
    public string RecordPath(long step) => Path.Combine(StateFolder, $"{Name}_{step:D9}{RecordExtension}");

    /// <summary>
    /// Where a run writes a checkpoint's LoRA (<paramref name="part"/> <c>lora</c>) or state (<c>state</c>) before its
    /// supervisor lets it commit (WorkerProtocol's fencing): named by run, so two runs of one arm never share a file.
    /// </summary>
    public string StagedPath(long step, string run, string part) => Path.Combine(StateFolder, "staging", $"{Name}_{step:D9}.{run}.{part}{Extension}");

    public string SamplesFolder => SamplesFolderOf(Folder);

    /// <summary>A search pattern matching the step files (LoRAs in <see cref="Folder"/>, states in <see cref="StateFolder"/>).</summary>
    public string StepFilePattern => $"{Name}_*{Extension}";

    /// <summary>A search pattern matching the checkpoint records in <see cref="StateFolder"/>.</summary>
    public string RecordFilePattern => $"{Name}_*{RecordExtension}";

    /// <summary>The step a step file is named for; null for any other file (the final LoRA, another job's files).</summary>
    public int? StepOf(string path) => StepOf(path, Extension);

    /// <summary>The step a checkpoint record is named for; null for any other file.</summary>
    public int? RecordStepOf(string path) => StepOf(path, RecordExtension);

    int? StepOf(string path, string extension)
    {
        string stem = Path.GetFileNameWithoutExtension(path);
        string prefix = Name + "_";
        return Path.GetExtension(path) == extension && stem.StartsWith(prefix, StringComparison.Ordinal)
               && stem.Length == prefix.Length + 9 && int.TryParse(stem[prefix.Length..], out int step)
            ? step
            : null;
    }

    string StepFileName(long step) => $"{Name}_{step:D9}{Extension}";
}
