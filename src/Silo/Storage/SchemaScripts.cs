using System.Reflection;

namespace ZImageSweep.Silo.Storage;

/// <summary>
/// The embedded schema scripts of one database (<c>Sql/&lt;database&gt;/&lt;n&gt;-&lt;part&gt;.sql</c>), in the order they
/// must run: Main (the OrleansQuery table) first, then each capability.
/// </summary>
public static class SchemaScripts
{
    public static IReadOnlyList<(string Name, string Sql)> For(string database)
    {
        var assembly = typeof(SchemaScripts).Assembly;
        string prefix = $"Sql/{database}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(n => int.Parse(n[prefix.Length..].Split('-')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Select(n => (n[prefix.Length..], Read(assembly, n)))
            .ToArray();
    }

    static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        return new StreamReader(stream).ReadToEnd();
    }
}
