namespace ZImageSweep.Contracts.Jobs;

/// <summary><c>train.content_or_style</c>: the UI's timestep bias (content = high noise, style = low noise).</summary>
public enum ContentOrStyle
{
    [ConfigName("balanced")] Balanced,
    [ConfigName("content")] Content,
    [ConfigName("style")] Style,
}
