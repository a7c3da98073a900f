namespace ZImageSweep.Engine.Weights;

/// <summary>
/// Opens a Z-Image transformer checkpoint in any supported layout as a source with diffusers key names, ready for
/// <see cref="WeightSource.LoadInto"/> on the transformer module.
/// </summary>
public static class TransformerWeights
{
    public const string ComponentName = "transformer";

    /// <exception cref="ModelFileNotFoundException">the path, or a file the layout needs, is missing.</exception>
    public static WeightLayout DetectLayout(string path)
    {
        if (Directory.Exists(path)) return WeightLayout.DiffusersFolder;
        using WeightSource source = WeightSource.Open(path);
        return ComfyUiTransformerConverter.IsComfyUi(source.Keys) ? WeightLayout.ComfyUiFile : WeightLayout.DiffusersFile;
    }

    /// <summary>
    /// A pipeline folder (its <c>transformer/</c>), a component folder, a diffusers file or index, or a ComfyUI file
    /// (converted lazily, see <see cref="ComfyUiTransformerConverter"/>).
    /// </summary>
    public static WeightSource Open(string path)
    {
        if (Directory.Exists(path))
        {
            ModelComponent component = ModelFolder.IsModelFolder(path)
                ? ModelFolder.Open(path).Component(ComponentName)
                : ModelComponent.Find(path, ComponentName);
            return component.OpenWeights();
        }
        WeightSource source = WeightSource.Open(path);
        return ComfyUiTransformerConverter.IsComfyUi(source.Keys) ? ComfyUiTransformerConverter.Convert(source) : source;
    }
}
