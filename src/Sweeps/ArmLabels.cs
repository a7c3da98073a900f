using System.Globalization;
using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps;

/// <summary>Short, readable value labels for arm names such as <c>adapter=v2 rank=16 lr=7.1e-5</c>.</summary>
public static class ArmLabels
{
    public static string ForValue(YamlNode node) => node switch
    {
        YamlScalarNode s when YamlScalars.TryInt(s, out long i) => i.ToString(CultureInfo.InvariantCulture),
        YamlScalarNode s when YamlScalars.TryDouble(s, out double d) => Number(d),
        // Adapter and model paths are long; the file name is what tells arms apart.
        YamlScalarNode { Value: { } text } when text.Contains('/') => Path.GetFileNameWithoutExtension(text.TrimEnd('/')),
        _ => CanonicalYaml.Format(node),
    };

    /// <summary>Two significant digits; scientific notation without padding outside [0.001, 10000) (<c>7.1e-5</c>).</summary>
    public static string Number(double value)
    {
        double magnitude = Math.Abs(value);
        if (value == 0 || (magnitude >= 1e-3 && magnitude < 1e4))
            return Math.Round(value, Math.Max(0, 1 - (int)Math.Floor(Math.Log10(Math.Max(magnitude, 1e-300)))))
                .ToString("0.###", CultureInfo.InvariantCulture);
        int exponent = (int)Math.Floor(Math.Log10(magnitude));
        double mantissa = Math.Round(value / Math.Pow(10, exponent), 1);
        if (Math.Abs(mantissa) >= 10) { mantissa /= 10; exponent++; }
        return $"{mantissa.ToString("0.#", CultureInfo.InvariantCulture)}e{exponent}";
    }
}
