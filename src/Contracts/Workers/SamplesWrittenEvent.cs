namespace ZImageSweep.Contracts.Workers;

/// <summary>Preview images for <see cref="WorkerEvent.Step"/> were written.</summary>
public sealed record SamplesWrittenEvent(long Step, IReadOnlyList<SampleFile> Samples) : WorkerEvent(Step);

/// <summary>One preview image: its file, the prompt (index in the job's list, text after placeholders) and the LoRA weight.</summary>
public sealed record SampleFile(string Path, int PromptIndex, string Prompt, double LoraWeight);
