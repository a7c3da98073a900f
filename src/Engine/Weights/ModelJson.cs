using System.Text.Json;
using ZImageSweep.Engine.ModelConfigFiles;

namespace ZImageSweep.Engine.Weights;

/// <summary>
/// Reading diffusers folder files (model_index.json, config.json, scheduler_config.json) with the folder's rules:
/// a missing file is a <see cref="ModelFileNotFoundException"/>, trailing commas are accepted, and an absent key or
/// a JSON null means "use the default". Type checks and errors are <see cref="JsonConfigReader"/>'s.
/// </summary>
static class ModelJson
{
    /// <exception cref="ModelFileNotFoundException">the file is missing (<paramref name="missingReason"/> says which).</exception>
    /// <exception cref="ModelConfigException">the file is not a JSON object.</exception>
    public static JsonElement ReadObject(string path, string missingReason)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new ModelFileNotFoundException(path, missingReason);
        return new JsonConfigReader(path).ParseObject(File.ReadAllBytes(path), allowTrailingCommas: true);
    }

    public static string? String(string path, JsonElement root, string key) =>
        Get(root, key) is { } e ? new JsonConfigReader(path).String(key, e) : null;

    public static int? Int(string path, JsonElement root, string key) =>
        Get(root, key) is { } e ? new JsonConfigReader(path).Int(key, e) : null;

    public static double? Double(string path, JsonElement root, string key) =>
        Get(root, key) is { } e ? new JsonConfigReader(path).Double(key, e) : null;

    public static bool? Bool(string path, JsonElement root, string key) =>
        Get(root, key) is { } e ? new JsonConfigReader(path).Bool(key, e) : null;

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or JSON null.</summary>
    static JsonElement? Get(JsonElement root, string key) =>
        root.TryGetProperty(key, out JsonElement e) && e.ValueKind != JsonValueKind.Null ? e : null;
}
