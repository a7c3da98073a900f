namespace ZImageSweep.Engine.Hub;

/// <summary>
/// Progress of one file download, reported at its start, about every mebibyte and at its end. The CLI renders it;
/// <see cref="FileNumber"/> of <see cref="FileCount"/> counts the files of a whole-repository download.
/// </summary>
public sealed record DownloadProgress(string Repo, string File, long BytesDone, long? TotalBytes, int FileNumber = 1, int FileCount = 1)
{
    public bool IsComplete => TotalBytes is { } total && BytesDone >= total;
}
