namespace ZImageSweep.Engine.Hub;

/// <summary>
/// Which files of a Hub repository a pipeline needs: for a diffusers repository, <c>model_index.json</c> and the
/// configs, safetensors weights and tokenizer files of the components it lists; for any other repository, its
/// top-level safetensors and JSON files. Pickle weights (<c>.bin</c>, <c>.pt</c>, <c>.ckpt</c>), other frameworks'
/// weights, images and READMEs are never fetched.
/// </summary>
public static class PipelineFiles
{
    /// <summary>Configs, weights, and the tokenizer's vocabulary, merges, sentencepiece model and chat templates.</summary>
    public static readonly IReadOnlyList<string> Extensions = [".json", ".safetensors", ".txt", ".model", ".jinja"];

    /// <param name="files">The repository's file names (<c>siblings[].rfilename</c>).</param>
    /// <param name="components">The component folders of model_index.json, or null when the repository has none.</param>
    public static IReadOnlyList<string> Select(IEnumerable<string> files, IReadOnlyCollection<string>? components) =>
        files.Where(f => components is null ? IsTopLevelWeightOrConfig(f) : IsPipelineFile(f, components))
             .Order(StringComparer.Ordinal).ToList();

    static bool IsPipelineFile(string file, IReadOnlyCollection<string> components)
    {
        if (file == Weights.ModelFolder.IndexFileName) return true;
        int slash = file.IndexOf('/');
        return slash > 0 && components.Contains(file[..slash]) && Extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    static bool IsTopLevelWeightOrConfig(string file) =>
        !file.Contains('/') && (file.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
}
