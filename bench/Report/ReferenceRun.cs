using System.Text.Json;

namespace ZImageSweep.Bench.Report;

/// <summary>
/// The PyTorch reference measured in the same call on the same GPU (<c>bench/reference/zimage_reference.py</c>, run by
/// <c>bench/gpu-run.sh</c>): a row's ratio is engine / reference only when both come from one machine and one run, so
/// no reference number is kept in the code.
/// </summary>
public sealed record ReferenceRun(string Source, IReadOnlyDictionary<string, ReferenceRow> Rows)
{
    /// <exception cref="InvalidDataException">The file is missing, is not JSON, or lacks <c>source</c> or <c>rows</c>; the message names the file.</exception>
    public static ReferenceRun Load(string path)
    {
        ReferenceRun? run;
        try
        {
            run = JsonSerializer.Deserialize<ReferenceRun>(File.ReadAllText(path), ReportJson.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidDataException($"--reference {path}: {e.Message}", e);
        }
        if (run is not { Source.Length: > 0, Rows: not null })
            throw new InvalidDataException($"--reference {path}: not a reference run (it needs \"source\" and \"rows\"; bench/reference/zimage_reference.py writes one)");
        return run;
    }

    public ReferenceRow? For(string rowId) => Rows.GetValueOrDefault(rowId);
}
