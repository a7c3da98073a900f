namespace ZImageSweep.Contracts.Jobs;

/// <summary>Answers <see cref="IFileSystemChecks"/> from this machine's file system, resolving relative paths against a base folder.</summary>
public sealed class LocalFileSystemChecks(string baseDirectory) : IFileSystemChecks
{
    public bool FileExists(string path) => File.Exists(Path.Combine(baseDirectory, path));
    public bool DirectoryExists(string path) => Directory.Exists(Path.Combine(baseDirectory, path));
}
