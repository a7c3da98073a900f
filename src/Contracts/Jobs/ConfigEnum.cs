using System.Reflection;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>Maps job-file spellings to enum members via <see cref="ConfigNameAttribute"/>.</summary>
public static class ConfigEnum
{
    public static bool TryParse<TEnum>(string text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var (member, names) in Members<TEnum>())
        {
            if (names.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                value = member;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The canonical spelling of <paramref name="value"/> in job files.</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Members<TEnum>().First(m => m.Member.Equals(value)).Names[0];

    /// <summary>Canonical spellings of every member, for "use one of …" messages.</summary>
    public static IReadOnlyList<string> Names<TEnum>() where TEnum : struct, Enum =>
        Members<TEnum>().Select(m => m.Names[0]).ToArray();

    static IEnumerable<(TEnum Member, string[] Names)> Members<TEnum>() where TEnum : struct, Enum =>
        typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static).Select(field =>
        {
            string[] names = field.GetCustomAttributes<ConfigNameAttribute>().Select(a => a.Name).ToArray();
            return ((TEnum)field.GetValue(null)!, names.Length > 0 ? names : [field.Name.ToLowerInvariant()]);
        });
}
