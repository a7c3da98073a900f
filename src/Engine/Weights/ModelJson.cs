using System.Text.Json;

namespace ZImageSweep.Engine.Weights;

/// <summary>Reading diffusers / transformers JSON files with errors that name the file and the key.</summary>
static class ModelJson
{
    /// <exception cref="ModelFileNotFoundException">the file is missing (<paramref name="missingReason"/> says which).</exception>
    /// <exception cref="ModelConfigException">the file is not a JSON object.</exception>
    public static JsonElement ReadObject(string path, string missingReason)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path)) throw new ModelFileNotFoundException(path, missingReason);
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
            if (json.RootElement.ValueKind != JsonValueKind.Object) throw new ModelConfigException(path, null, "expected a JSON object");
            return json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ModelConfigException(path, null, $"not valid JSON ({e.Message})");
        }
    }

    public static string? String(string path, JsonElement root, string key) =>
        Get(root, key) is { } e ? e.ValueKind == JsonValueKind.String ? e.GetString() : throw WrongType(path, key, "a string", e) : null;

    public static int? Int(string path, JsonElement root, string key) =>
        Get(root, key) is { } e ? e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) ? v : throw WrongType(path, key, "an integer", e) : null;

    public static double? Double(string path, JsonElement root, string key) =>
        Get(root, key) is { } e ? e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw WrongType(path, key, "a number", e) : null;

    public static bool? Bool(string path, JsonElement root, string key) =>
        Get(root, key) is { } e ? e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : throw WrongType(path, key, "true or false", e) : null;

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or JSON null.</summary>
    static JsonElement? Get(JsonElement root, string key) =>
        root.TryGetProperty(key, out JsonElement e) && e.ValueKind != JsonValueKind.Null ? e : null;

    static ModelConfigException WrongType(string path, string key, string expected, JsonElement actual) =>
        new(path, key, $"expected {expected}, found {actual.GetRawText()}");
}
