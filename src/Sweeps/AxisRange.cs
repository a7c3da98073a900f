using System.Globalization;
using YamlDotNet.RepresentationModel;
using ZImageSweep.Contracts.Jobs;

namespace ZImageSweep.Sweeps;

/// <summary>The values of a numeric range axis: <c>count</c> points from <c>from</c> to <c>to</c> inclusive.</summary>
public static class AxisRange
{
    /// <summary>Generated values keep this many significant digits, so the job files stay readable.</summary>
    const int SignificantDigits = 6;

    public static IReadOnlyList<YamlNode> Values(double from, double to, int count, RangeScale scale, bool integral)
    {
        var values = new List<YamlNode>(count);
        for (int i = 0; i < count; i++)
        {
            double t = count == 1 ? 0 : (double)i / (count - 1);
            double v = scale == RangeScale.Log
                ? Math.Exp(Math.Log(from) + t * (Math.Log(to) - Math.Log(from)))
                : from + t * (to - from);
            values.Add(Node(v, integral));
        }
        return values;
    }

    /// <summary>One value as written into a job: a whole number, or <paramref name="v"/> to <see cref="SignificantDigits"/> digits.</summary>
    public static YamlNode Node(double v, bool integral) =>
        integral ? YamlScalars.Number((long)Math.Round(v)) : YamlScalars.Number(Round(v));

    static double Round(double v) =>
        double.Parse(v.ToString($"G{SignificantDigits}", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
