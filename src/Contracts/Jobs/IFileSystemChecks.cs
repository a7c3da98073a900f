namespace ZImageSweep.Contracts.Jobs;

/// <summary>The file-system questions job validation asks; a seam so tests and remote validators can answer them.</summary>
public interface IFileSystemChecks
{
    bool FileExists(string path);
    bool DirectoryExists(string path);
}
