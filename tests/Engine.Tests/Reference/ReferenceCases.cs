using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit.Sdk;
using ZImageSweep.Engine.IO;
using static TorchSharp.torch;

namespace ZImageSweep.Engine.Tests.Reference;

/// <summary>One entry of a reference directory's manifest.json.</summary>
public sealed record ReferenceCase(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("weights")] string? Weights,
    [property: JsonPropertyName("io")] string Io,
    [property: JsonPropertyName("lora")] string? Lora)
{
    public override string ToString() => Name; // test display name
}

/// <summary>
/// The numeric reference cases: <c>manifest.json</c> of <c>$ZIMAGE_REFERENCE_DIR</c>, by default the
/// <c>zimage</c> folder of the repository's own <see cref="ReferenceData"/>. Nothing is hard-coded per case: each test walks
/// the cases of its kind and reads configurations from the files' safetensors metadata.
/// </summary>
public static class ReferenceCases
{
    public const string DirectoryVariable = "ZIMAGE_REFERENCE_DIR";

    sealed record Manifest(
        [property: JsonPropertyName("tolerance_rel_l2")] double ToleranceRelL2,
        [property: JsonPropertyName("cases")] ReferenceCase[] Cases);

    static readonly Lazy<(string Dir, Manifest Manifest)> Loaded = new(Load);

    public static string Directory => Loaded.Value.Dir;
    public static double Tolerance => Loaded.Value.Manifest.ToleranceRelL2;

    /// <summary>The cases of one kind, as xUnit theory data.</summary>
    public static TheoryData<ReferenceCase> OfKind(string kind)
    {
        var data = new TheoryData<ReferenceCase>();
        foreach (var c in Loaded.Value.Manifest.Cases.Where(c => c.Kind == kind)) data.Add(c);
        return data;
    }

    public static SafeTensorsFile Open(string fileName) => SafeTensorsFile.Open(Path.Combine(Directory, fileName));

    /// <summary>The constructor configuration stored as JSON under the <c>config</c> metadata key.</summary>
    public static JsonElement Config(SafeTensorsFile weights) =>
        JsonDocument.Parse(weights.Metadata.TryGetValue("config", out var json) ? json
            : throw new InvalidDataException($"{weights.Path}: no 'config' metadata")).RootElement.Clone();

    /// <summary>‖actual − expected‖ / ‖expected‖ in float64.</summary>
    public static double RelativeL2(Tensor actual, Tensor expected)
    {
        using var scope = NewDisposeScope();
        var a = actual.detach().cpu().to(ScalarType.Float64);
        var e = expected.detach().cpu().to(ScalarType.Float64);
        if (!a.shape.SequenceEqual(e.shape))
            throw new XunitException($"shape [{string.Join(", ", a.shape)}] differs from the reference [{string.Join(", ", e.shape)}]");
        return (a - e).norm().item<double>() / Math.Max(e.norm().item<double>(), 1e-30);
    }

    /// <summary>Asserts the manifest tolerance and prints the error, so every run shows how close each case is.</summary>
    public static void AssertClose(string what, Tensor actual, Tensor expected)
    {
        double error = RelativeL2(actual, expected);
        TestContext.Current.SendDiagnosticMessage($"{what}: relative L2 error {error:E3}");
        Console.WriteLine($"[reference] {what}: relative L2 error {error:E3} (tolerance {Tolerance:E0})");
        Assert.True(error <= Tolerance, $"{what}: relative L2 error {error:E3} exceeds {Tolerance:E0}");
    }

    static (string, Manifest) Load()
    {
        string dir = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } fromEnv ? fromEnv : FindDefault();
        string manifestPath = Path.Combine(dir, "manifest.json");
        if (!File.Exists(manifestPath))
            throw new FileNotFoundException($"No manifest.json in {dir}. Set {DirectoryVariable} to a reference directory.", manifestPath);
        var manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath))
                       ?? throw new InvalidDataException($"{manifestPath} is empty");
        return (dir, manifest);
    }

    static string FindDefault() => ReferenceData.Find("zimage", DirectoryVariable);
}
