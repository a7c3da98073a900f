using ZImageSweep.Contracts.Jobs;
using ZImageSweep.Engine.Training.Data;

namespace ZImageSweep.Engine.Training.Validation;

/// <summary>
/// Which prompts the drift and leakage scores sample. Configured prompts win; otherwise the job's sample prompts
/// (for leakage only those that do not mention the trigger); otherwise a short neutral list. Placeholders are
/// replaced as for previews.
/// </summary>
public static class ValidationPrompts
{
    /// <summary>Everyday subjects far from any particular LoRA concept, used when the job names none.</summary>
    public static readonly IReadOnlyList<string> Neutral = ["a photo of a cat on a sofa", "a mountain landscape at sunrise", "a bowl of fruit on a wooden table"];

    public static IReadOnlyList<string> ForDrift(ValidationOptions validation, SampleOptions? sample, string? trigger) =>
        Resolve(validation.DriftPrompts.Count > 0 ? validation.DriftPrompts : SamplePrompts(sample).ToList(), trigger);

    public static IReadOnlyList<string> ForLeakage(ValidationOptions validation, SampleOptions? sample, string? trigger) =>
        Resolve(validation.LeakagePrompts.Count > 0
            ? validation.LeakagePrompts
            : SamplePrompts(sample).Where(p => !ValidationConfig.MentionsTrigger(p, trigger)).ToList(), trigger);

    static IEnumerable<string> SamplePrompts(SampleOptions? sample) => sample?.Prompts.Select(p => p.Prompt) ?? [];

    static IReadOnlyList<string> Resolve(IReadOnlyList<string> prompts, string? trigger) =>
        (prompts.Count > 0 ? prompts : Neutral).Select(p => CaptionRules.ReplacePlaceholders(p, trigger)).ToList();
}
