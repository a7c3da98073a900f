using System.Text.Json;
using ZImageSweep.Engine.IO;

namespace ZImageSweep.Engine.Weights;

/// <summary>
/// One weighted component of a diffusers folder (<c>transformer/</c>, <c>text_encoder/</c>, <c>vae/</c>): its
/// <c>config.json</c> and its weights, a single file or a sharded index.
/// </summary>
public sealed record ModelComponent(string Name, string Directory, string ConfigPath, string WeightsPath)
{
    public const string ConfigFileName = "config.json";

    /// <summary>Weight file names in the order diffusers and transformers look for them: a single file first, then an index.</summary>
    public static readonly IReadOnlyList<string> WeightFileNames =
    [
        "diffusion_pytorch_model.safetensors", "diffusion_pytorch_model" + SafeTensorsIndex.Suffix,
        "model.safetensors", "model" + SafeTensorsIndex.Suffix,
    ];

    public bool IsSharded => WeightsPath.EndsWith(SafeTensorsIndex.Suffix, StringComparison.Ordinal);

    /// <summary>The safetensors files of the weights: the single file, or every shard its index names.</summary>
    /// <exception cref="SafeTensorsFormatException">the index is not valid.</exception>
    public IReadOnlyList<string> WeightFiles() => IsSharded ? SafeTensorsIndex.Read(WeightsPath).ShardPaths : [WeightsPath];

    /// <summary>Finds the config and weights of the component folder <paramref name="directory"/>.</summary>
    /// <exception cref="ModelFileNotFoundException">the folder, its config.json or its weights are missing; names what was looked for.</exception>
    public static ModelComponent Find(string directory, string? name = null)
    {
        directory = Path.GetFullPath(directory);
        name ??= Path.GetFileName(directory);
        if (!System.IO.Directory.Exists(directory))
            throw new ModelFileNotFoundException(directory, $"component folder '{name}' not found");
        string config = Path.Combine(directory, ConfigFileName);
        if (!File.Exists(config)) throw new ModelFileNotFoundException(config, $"'{name}' has no {ConfigFileName}");
        string? weights = WeightFileNames.Select(f => Path.Combine(directory, f)).FirstOrDefault(File.Exists);
        if (weights is null)
            throw new ModelFileNotFoundException(Path.Combine(directory, WeightFileNames[0]),
                $"'{name}' has no weights (looked for {string.Join(", ", WeightFileNames)})");
        return new ModelComponent(name, directory, config, weights);
    }

    /// <summary>Opens the weights; for an index every shard must exist (see <see cref="WeightSource.OpenSharded"/>).</summary>
    public WeightSource OpenWeights() => WeightSource.Open(WeightsPath);

    public JsonElement ReadConfig() => ModelJson.ReadObject(ConfigPath, $"'{Name}' has no {ConfigFileName}");

    /// <summary>The first file of this component that is missing (config, weights, or a shard of the index), or null.</summary>
    public string? MissingFile()
    {
        if (!File.Exists(ConfigPath)) return ConfigPath;
        if (!File.Exists(WeightsPath)) return WeightsPath;
        if (!IsSharded) return null;
        try
        {
            return WeightFiles().FirstOrDefault(s => !File.Exists(s));
        }
        catch (SafeTensorsFormatException)
        {
            return WeightsPath; // a broken index counts as missing: a download replaces it
        }
    }
}
