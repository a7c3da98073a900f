using ZImageSweep.Engine.Hub;
using ZImageSweep.Engine.IO;
using ZImageSweep.Engine.Models.ZImage;
using ZImageSweep.Engine.Weights;

namespace ZImageSweep.Engine.Pipelines;

/// <summary>
/// Where each part of a pipeline comes from, following ai-toolkit's <c>name_or_path</c> / <c>extras_name_or_path</c>:
/// the transformer from the model (a diffusers folder, a transformer component folder, a repository or folder holding
/// one safetensors file, or a single diffusers or ComfyUI file), and the text encoder, tokenizer, VAE and scheduler
/// from the extras folder when one is given (De-Turbo pairs its transformer with Turbo's other parts), else from the
/// model's own folder.
/// </summary>
public sealed record ZImageModelSources(
    string TransformerPath,
    ZImageConfig TransformerConfig,
    string TransformerConfigSource,
    ModelFolder Components)
{
    /// <exception cref="ZImagePipelineException">the model holds only a transformer and no extras were named, or extras is not a diffusers folder.</exception>
    /// <exception cref="ModelFileNotFoundException">a path does not exist and is not a Hub name.</exception>
    /// <exception cref="HubException">a download failed.</exception>
    public static ZImageModelSources Resolve(string model, string? extras, ModelLocator locator, IProgress<DownloadProgress>? progress = null)
    {
        string modelPath = locator.Resolve(model, progress);
        ModelFolder? modelFolder = Directory.Exists(modelPath) && ModelFolder.IsModelFolder(modelPath) ? ModelFolder.Open(modelPath) : null;

        ModelFolder components;
        if (extras is not null)
        {
            string extrasPath = locator.Resolve(extras, progress);
            if (!Directory.Exists(extrasPath) || !ModelFolder.IsModelFolder(extrasPath))
                throw new ZImagePipelineException(extrasPath,
                    $"the extras must be a diffusers Z-Image folder with {ModelFolder.IndexFileName} (text_encoder/, tokenizer/, vae/, scheduler/), e.g. Tongyi-MAI/Z-Image-Turbo");
            components = ModelFolder.Open(extrasPath);
        }
        else
        {
            components = modelFolder ?? throw new ZImagePipelineException(modelPath,
                "holds only a transformer; name a diffusers Z-Image folder for the text encoder, tokenizer, VAE and scheduler as the extras (extras_name_or_path, --extras), e.g. Tongyi-MAI/Z-Image-Turbo");
        }

        if (modelFolder is not null)
        {
            ModelComponent transformer = modelFolder.Transformer;
            return new ZImageModelSources(modelPath, ZImageConfig.FromFile(transformer.ConfigPath), transformer.ConfigPath, components);
        }
        if (Directory.Exists(modelPath))
        {
            if (File.Exists(Path.Combine(modelPath, ModelComponent.ConfigFileName)))
            {
                ModelComponent transformer = ModelComponent.Find(modelPath, TransformerWeights.ComponentName);
                return new ZImageModelSources(modelPath, ZImageConfig.FromFile(transformer.ConfigPath), transformer.ConfigPath, components);
            }
            modelPath = SingleWeightsFile(modelPath);
        }
        var (config, source) = SingleFileConfig(modelPath, components);
        return new ZImageModelSources(modelPath, config, source, components);
    }

    /// <summary>A folder without configs (a Hub repository such as ostris/Z-Image-De-Turbo) must hold exactly one safetensors file.</summary>
    static string SingleWeightsFile(string directory)
    {
        string[] files = Directory.GetFiles(directory, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        return files.Length == 1 ? files[0] : throw new ZImagePipelineException(directory, files.Length == 0
            ? $"no {ModelFolder.IndexFileName}, no transformer {ModelComponent.ConfigFileName} and no *.safetensors file: not a Z-Image model"
            : $"no {ModelFolder.IndexFileName} and {files.Length} safetensors files ({string.Join(", ", files.Select(Path.GetFileName))}); name the transformer file itself");
    }

    /// <summary>
    /// The configuration of a single-file transformer: the file's own <c>config</c> metadata if it has one, else the
    /// extras' <c>transformer/config.json</c>, else the released architecture (a strict load then checks every shape).
    /// </summary>
    static (ZImageConfig Config, string Source) SingleFileConfig(string path, ModelFolder components)
    {
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            using SafeTensorsFile file = SafeTensorsFile.Open(path);
            if (file.Metadata.TryGetValue("config", out string? json))
                return (ZImageConfig.FromJson(json, $"{path} (config metadata)"), $"{path} (config metadata)");
        }
        string extrasConfig = Path.Combine(components.Directory, TransformerWeights.ComponentName, ModelComponent.ConfigFileName);
        if (File.Exists(extrasConfig)) return (ZImageConfig.FromFile(extrasConfig), extrasConfig);
        return (ZImageConfig.Turbo, "the released Z-Image configuration");
    }
}
