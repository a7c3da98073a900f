using System.Text.Json;

namespace ZImageSweep.Engine.Models.Vae;

/// <summary>Typed reads of JSON config values; a wrong type is a <see cref="VaeConfigException"/> naming the key.</summary>
internal sealed class JsonConfigReader(string source)
{
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

    VaeConfigException Wrong(string key, JsonElement v, string expected) =>
        new(source, key, $"expected {expected}, got {v.ValueKind} {v.GetRawText()}");
}
