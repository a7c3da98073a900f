using System.Text.Json;
using ZImageSweep.Engine.ModelConfigFiles;

namespace ZImageSweep.Engine.Weights;

/// <summary>
/// A diffusers pipeline folder (a Hugging Face snapshot of <c>Tongyi-MAI/Z-Image-Turbo</c> and the like):
/// <c>model_index.json</c>, <c>transformer/</c>, <c>text_encoder/</c>, <c>vae/</c>, <c>tokenizer/</c>,
/// <c>scheduler/scheduler_config.json</c>. Components are looked up when asked for, so a folder may lack the ones a
/// caller takes from elsewhere (ai-toolkit pairs De-Turbo's transformer with Turbo's other components).
/// </summary>
public sealed class ModelFolder
{
    public const string IndexFileName = "model_index.json";

    /// <summary>The weighted components of a Z-Image pipeline, by folder name.</summary>
    public static readonly IReadOnlyList<string> WeightedComponents = ["transformer", "text_encoder", "vae"];

    ModelFolder(string directory, string indexPath, IReadOnlyDictionary<string, (string Library, string ClassName)> components)
    {
        Directory = directory;
        IndexPath = indexPath;
        Components = components;
    }

    public string Directory { get; }
    public string IndexPath { get; }

    /// <summary>model_index.json entries of the form <c>"name": ["library", "Class"]</c> (null entries are left out).</summary>
    public IReadOnlyDictionary<string, (string Library, string ClassName)> Components { get; }

    public ModelComponent Transformer => Component("transformer");
    public ModelComponent TextEncoder => Component("text_encoder");
    public ModelComponent Vae => Component("vae");
    public TokenizerFiles Tokenizer => TokenizerFiles.Find(Path.Combine(Directory, "tokenizer"));
    public string SchedulerConfigPath => Path.Combine(Directory, "scheduler", SchedulerConfig.FileName);
    public SchedulerConfig Scheduler => SchedulerConfig.Read(SchedulerConfigPath);

    public static bool IsModelFolder(string directory) => File.Exists(Path.Combine(directory, IndexFileName));

    /// <exception cref="ModelFileNotFoundException">the folder or its model_index.json is missing.</exception>
    /// <exception cref="ModelConfigException">model_index.json is malformed.</exception>
    public static ModelFolder Open(string directory)
    {
        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory)) throw new ModelFileNotFoundException(directory, "model folder not found");
        string indexPath = Path.Combine(directory, IndexFileName);
        JsonElement root = ModelJson.ReadObject(indexPath, $"not a diffusers model folder (no {IndexFileName})");
        var components = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (JsonProperty p in root.EnumerateObject())
        {
            if (p.Name.StartsWith('_') || p.Value.ValueKind != JsonValueKind.Array) continue; // _class_name, _diffusers_version
            var parts = p.Value.EnumerateArray().ToList();
            if (parts is [{ ValueKind: JsonValueKind.Null }, { ValueKind: JsonValueKind.Null }]) continue; // an unused optional component
            if (parts is not [{ ValueKind: JsonValueKind.String } library, { ValueKind: JsonValueKind.String } className])
                throw new ModelConfigException(indexPath, p.Name, $"expected [\"library\", \"Class\"], found {p.Value.GetRawText()}");
            components[p.Name] = (library.GetString()!, className.GetString()!);
        }
        return new ModelFolder(directory, indexPath, components);
    }

    /// <exception cref="ModelFileNotFoundException">the component's folder, config.json or weights are missing.</exception>
    public ModelComponent Component(string name) => ModelComponent.Find(Path.Combine(Directory, name), name);

    /// <summary>
    /// The first file a Z-Image pipeline needs that is missing (configs, every weight shard, tokenizer.json, the
    /// scheduler config), or null when the folder is complete. Reads no weights; used to decide that a cached
    /// snapshot needs no download.
    /// </summary>
    public string? MissingFile()
    {
        try
        {
            _ = Tokenizer;
            if (!File.Exists(SchedulerConfigPath)) return SchedulerConfigPath;
            return WeightedComponents.Select(name => Component(name).MissingFile()).FirstOrDefault(f => f is not null);
        }
        catch (ModelFileNotFoundException e)
        {
            return e.FileName;
        }
    }

    public bool IsComplete() => MissingFile() is null;
}
