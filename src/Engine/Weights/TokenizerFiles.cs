namespace ZImageSweep.Engine.Weights;

/// <summary>
/// The tokenizer folder of a diffusers repo: <c>tokenizer.json</c> (required) and, when present, the
/// <c>tokenizer_config.json</c> (chat template, special tokens) and the BPE <c>vocab.json</c> / <c>merges.txt</c>.
/// </summary>
public sealed record TokenizerFiles(string Directory, string TokenizerJson, string? TokenizerConfig, string? Vocab, string? Merges)
{
    /// <exception cref="ModelFileNotFoundException">the folder or its tokenizer.json is missing.</exception>
    public static TokenizerFiles Find(string directory)
    {
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory)) throw new ModelFileNotFoundException(directory, "tokenizer folder not found");
        string json = Path.Combine(directory, "tokenizer.json");
        if (!File.Exists(json)) throw new ModelFileNotFoundException(json, "the tokenizer folder has no tokenizer.json");
        string? Optional(string file) => File.Exists(Path.Combine(directory, file)) ? Path.Combine(directory, file) : null;
        return new TokenizerFiles(directory, json, Optional("tokenizer_config.json"), Optional("vocab.json"), Optional("merges.txt"));
    }
}
