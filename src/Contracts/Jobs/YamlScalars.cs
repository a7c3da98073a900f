using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// Resolves YAML scalars the way the YAML 1.2 core schema (and therefore JSON) does: only plain scalars can be
/// numbers, booleans or null; a quoted <c>"16"</c> is a string. This keeps <c>lr: "1e-4"</c> from slipping through
/// as a number in one place and a string in another.
/// </summary>
public static partial class YamlScalars
{
    public static bool IsNull(YamlNode? node) =>
        node is null || node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public static bool TryInt(YamlScalarNode node, out long value)
    {
        value = 0;
        return IsPlain(node) && IntPattern().IsMatch(node.Value!)
            && long.TryParse(node.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryDouble(YamlScalarNode node, out double value)
    {
        value = 0;
        return IsPlain(node) && FloatPattern().IsMatch(node.Value!)
            && double.TryParse(node.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    public static bool TryBool(YamlScalarNode node, out bool value)
    {
        value = false;
        if (!IsPlain(node)) return false;
        if (string.Equals(node.Value, "true", StringComparison.OrdinalIgnoreCase)) return value = true;
        return string.Equals(node.Value, "false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A plain scalar for a number, formatted so that it reads back as the same double.</summary>
    public static YamlScalarNode Number(double value) => new(value.ToString("R", CultureInfo.InvariantCulture));

    public static YamlScalarNode Number(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A quoted scalar, so that text such as <c>"16"</c> or <c>"true"</c> stays a string.</summary>
    public static YamlScalarNode Text(string value) => new(value) { Style = ScalarStyle.DoubleQuoted };

    static bool IsPlain(YamlScalarNode node) => node.Style is ScalarStyle.Plain or ScalarStyle.Any && node.Value is not null;

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
