namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// The checks of a bound <see cref="JobConfig"/> that need the file system: dataset folders and local adapter or
/// model files must exist. Kept apart from binding so a config can be validated where its paths do not resolve
/// (a client preparing a sweep for a cluster) and checked again where the work runs.
/// </summary>
public static class JobConfigFileChecks
{
    /// <exception cref="JobConfigException">Every missing folder or file, with its key path.</exception>
    public static void Validate(this JobConfig config, IFileSystemChecks fileSystem)
    {
        var errors = new ConfigErrors(config.SourceFile);
        var process = config.Process;
        string root = JobKeyPath.ProcessRoot;
        for (int i = 0; i < process.Datasets.Count; i++)
        {
            string folder = process.Datasets[i].FolderPath;
            if (!fileSystem.DirectoryExists(folder))
                errors.Add($"{root}.datasets[{i}].folder_path", $"folder '{folder}' does not exist");
        }
        if (process.Validation?.FolderPath is string heldOut && !fileSystem.DirectoryExists(heldOut))
            errors.Add($"{root}.validation.folder_path", $"folder '{heldOut}' does not exist");
        // ai-toolkit skips a validation item whose image is missing; here it is an error before any work starts.
        var items = process.Train.ValidationConfig?.ValidationItems ?? [];
        for (int i = 0; i < items.Count; i++)
            if (items[i].ImagePath.Length > 0 && !fileSystem.FileExists(items[i].ImagePath))
                errors.Add($"{root}.train.validation_config.validation_items[{i}].image_path", $"image '{items[i].ImagePath}' does not exist");
        // A hub adapter reference names org/repo/file; anything shorter can only be a local path.
        if (process.Model.AssistantLoraPath is string adapter && (IsLocal(adapter) || Segments(adapter) < 3) && !fileSystem.FileExists(adapter))
            errors.Add($"{root}.model.assistant_lora_path", $"adapter file '{adapter}' does not exist");
        CheckModelSource(errors, fileSystem, $"{root}.model.name_or_path", process.Model.NameOrPath);
        CheckModelSource(errors, fileSystem, $"{root}.model.extras_name_or_path", process.Model.ExtrasNameOrPath);
        errors.ThrowIfAny();
    }

    static void CheckModelSource(ConfigErrors errors, IFileSystemChecks fileSystem, string path, string source)
    {
        // A hub model id is exactly org/repo; other shapes can only be local folders or files.
        if ((IsLocal(source) || Segments(source) != 2) && !fileSystem.DirectoryExists(source) && !fileSystem.FileExists(source))
            errors.Add(path, $"model folder or file '{source}' does not exist");
    }

    /// <summary>
    /// Hub references (<c>org/repo</c>, <c>org/repo/file.safetensors</c>) are fetched later; paths written as paths —
    /// rooted, or starting with <c>.</c> or <c>~</c> — must exist now.
    /// </summary>
    static int Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length;

    static bool IsLocal(string path) => Path.IsPathRooted(path) || path.StartsWith('.') || path.StartsWith('~');
}
