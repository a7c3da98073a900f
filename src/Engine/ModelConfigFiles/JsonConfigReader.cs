using System.Text.Json;

namespace ZImageSweep.Engine.ModelConfigFiles;

/// <summary>
/// The mechanics every model-config reader shares: parsing one JSON object and typed reads of its values, where a
/// wrong type is a <see cref="ModelConfigException"/> naming the source and the key. Which keys are known,
/// ignored, required or defaulted stays with each reader (VAE, Z-Image, Qwen3, diffusers folder files).
/// </summary>
public sealed class JsonConfigReader(string source)
{
    public string Source => source;

    /// <summary>The root object of <paramref name="json"/>, detached from its document.</summary>
    /// <exception cref="ModelConfigException">not valid JSON, or not an object (key null).</exception>
    public JsonElement ParseObject(string json, bool allowTrailingCommas = false) =>
        ParseObject(options => JsonDocument.Parse(json, options), allowTrailingCommas);

    /// <inheritdoc cref="ParseObject(string, bool)"/>
    public JsonElement ParseObject(byte[] utf8Json, bool allowTrailingCommas = false) =>
        ParseObject(options => JsonDocument.Parse(utf8Json, options), allowTrailingCommas);

    JsonElement ParseObject(Func<JsonDocumentOptions, JsonDocument> parse, bool allowTrailingCommas)
    {
        JsonDocument doc;
        try
        {
            doc = parse(new JsonDocumentOptions { AllowTrailingCommas = allowTrailingCommas });
        }
        catch (JsonException e)
        {
            throw Error(null, $"not valid JSON ({e.Message})");
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object ? root.Clone()
                : throw Error(null, $"expected a JSON object, found {root.ValueKind}");
        }
    }

    public int Int(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw Wrong(key, v, "an integer");

    public double Double(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Wrong(key, v, "a number");

    public bool Bool(string key, JsonElement v) =>
        v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw Wrong(key, v, "true or false");

    public string String(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Wrong(key, v, "a string");

    public int[] IntList(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => Int(key, e)).ToArray() : throw Wrong(key, v, "a list of integers");

    public string[] StringList(string key, JsonElement v) =>
        v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => String(key, e)).ToArray() : throw Wrong(key, v, "a list of strings");

    /// <summary>An error about <paramref name="key"/> (null: the whole document) of this source.</summary>
    public ModelConfigException Error(string? key, string reason) => new(source, key, reason);

    /// <summary>"expected …, found …" with the value as written in the file (strings keep their quotes).</summary>
    public ModelConfigException Wrong(string key, JsonElement v, string expected) =>
        Error(key, $"expected {expected}, found {v.GetRawText()}");
}
