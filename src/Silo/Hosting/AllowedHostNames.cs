namespace ZImageSweep.Silo.Hosting;

/// <summary>
/// The default of ASP.NET Core's <c>AllowedHosts</c> (host filtering) for the addresses the silo listens on: only the
/// names it serves, so a page from another origin that rebinds its DNS name to 127.0.0.1 is answered 400, not with
/// the sweeps. Loopback addresses allow the loopback names; a named host or address allows itself; a wildcard
/// (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) cannot know its names and allows any (set <c>AllowedHosts</c> then).
/// </summary>
public static class AllowedHostNames
{
    public const string ConfigurationKey = "AllowedHosts";

    static readonly string[] Loopback = ["localhost", "127.0.0.1", "[::1]"];
    static readonly string[] Wildcards = ["0.0.0.0", "[::]", "*", "+"];

    /// <param name="urls">ASP.NET's <c>urls</c>: one or more URLs separated by ';'.</param>
    /// <returns>The <c>AllowedHosts</c> value: host names separated by ';', or <c>*</c>.</returns>
    public static string For(string urls)
    {
        var hosts = new List<string>();
        foreach (string host in HostsOf(urls))
        {
            if (Wildcards.Contains(host)) return "*";
            hosts.AddRange(Loopback.Contains(host, StringComparer.OrdinalIgnoreCase) ? Loopback : [host]);
        }
        return string.Join(';', hosts.Distinct(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Whether every address in <paramref name="urls"/> is a loopback one, so only this machine can reach it.</summary>
    public static bool ServesOnlyLoopback(string urls) => HostsOf(urls).All(h => Loopback.Contains(h, StringComparer.OrdinalIgnoreCase));

    static IEnumerable<string> HostsOf(string urls)
    {
        foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Not Uri: "http://*:80" and "http://+:80" are valid here and not URIs.
            string authority = url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
            yield return authority.StartsWith('[') ? authority[..(authority.IndexOf(']') + 1)] : authority.Split(':')[0];
        }
    }
}
