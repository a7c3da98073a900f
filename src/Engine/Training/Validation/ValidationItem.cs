namespace ZImageSweep.Engine.Training.Validation;

/// <summary>One held-out image with the prompt it is scored with (ai-toolkit's validation_items).</summary>
public sealed record ValidationItem(string ImagePath, string Prompt);
