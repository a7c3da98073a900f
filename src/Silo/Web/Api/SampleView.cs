namespace ZImageSweep.Silo.Web.Api;

/// <summary>One preview image: which prompt and LoRA weight it shows, and the URL that serves it (never a file path).</summary>
public sealed record SampleView(int PromptIndex, string Prompt, double LoraWeight, string Url);
