namespace ZImageSweep.Engine.Tests.Reference;

/// <summary>
/// The reference data that ships with the repository in <c>tests/Engine.Tests/Reference/data</c> (see its README for
/// where each file came from). The build copies the folder next to the test binary, so tests find it without
/// searching the file system and a clone of the repository alone is enough to run them.
/// </summary>
public static class ReferenceData
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Reference", "data");

    /// <summary>
    /// <paramref name="relativePath"/> inside the bundled folder; when it is missing, the error names
    /// <paramref name="overrideVariable"/>, the environment variable that points the caller at another copy, if any.
    /// </summary>
    public static string Find(string relativePath, string? overrideVariable = null)
    {
        string path = Path.Combine(Folder, relativePath);
        if (File.Exists(path) || Directory.Exists(path)) return path;
        string hint = overrideVariable is null ? "" : $"; set {overrideVariable} to use another copy";
        throw new FileNotFoundException($"Reference data {relativePath} is not in {Folder} (is the build output complete?){hint}.", path);
    }
}
