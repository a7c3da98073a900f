using System.Text.Json;
using System.Text.Json.Serialization;
using ZImageSweep.Contracts.Artifacts;

namespace ZImageSweep.Bench.Report;

/// <summary>Reads and writes <see cref="BenchReport"/> as snake_case JSON.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes atomically (temporary file, then rename), creating the folder if needed.</summary>
    public static void Write(BenchReport report, string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(report, Options));
    }

    /// <exception cref="InvalidDataException">the file is not a benchmark report.</exception>
    public static BenchReport Read(string path) =>
        JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(path), Options)
        ?? throw new InvalidDataException($"{path}: not a {BenchReport.SchemaName} report");
}
