namespace ZImageSweep.TestSupport;

/// <summary>The repository checkout the tests run from, for tests that read its files (manifests, dashboards).</summary>
public static class RepoRoot
{
    public static readonly string Path = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ZImageSweep.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No ZImageSweep.sln above {AppContext.BaseDirectory}");
    }
}
