namespace ZImageSweep.Engine.Text;

/// <summary>
/// Z-Image's chat template for its Qwen3 text encoder (docs/model.md#chat-template): one user message, generation prompt added,
/// <c>enable_thinking=True</c> (which means no empty think block), no system prompt.
/// </summary>
public static class ZImagePromptTemplate
{
    public const string Prefix = "<|im_start|>user\n";
    public const string Suffix = "<|im_end|>\n<|im_start|>assistant\n";

    public static string Apply(string prompt) => Prefix + prompt + Suffix;
}
