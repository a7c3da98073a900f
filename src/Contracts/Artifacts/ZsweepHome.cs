namespace ZImageSweep.Contracts.Artifacts;

/// <summary>
/// A zsweep home folder keeps a single machine's whole state: the embedded silo's database <c>zsweep.db</c> and the
/// artifact root <c>artifacts/</c>. <see cref="Default"/> is <c>~/.zsweep</c>; the demo makes one in its own folder.
/// </summary>
public static class ZsweepHome
{
    public static string Default { get; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".zsweep");

    public static string ArtifactsIn(string home) => Path.Combine(home, "artifacts");

    public static string DatabaseIn(string home) => Path.Combine(home, "zsweep.db");
}
