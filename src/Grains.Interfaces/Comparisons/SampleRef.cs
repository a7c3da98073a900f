namespace ZImageSweep.Grains.Interfaces.Comparisons;

/// <summary>One preview image of an arm: the prompt it shows (index in the job's sample list), the LoRA weight and the file.</summary>
[GenerateSerializer, Immutable, Alias("zsweep.SampleRef")]
public sealed record SampleRef(
    [property: Id(0)] int PromptIndex,
    [property: Id(1)] string Prompt,
    [property: Id(2)] double LoraWeight,
    [property: Id(3)] string Path);
