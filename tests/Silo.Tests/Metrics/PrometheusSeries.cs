using System.Text.Json;

namespace ZImageSweep.Silo.Tests.Metrics;

/// <summary>One series of an instant vector: its labels and its value as Prometheus writes it (a string, "NaN" included).</summary>
public sealed record PrometheusSeries(IReadOnlyDictionary<string, string> Labels, string Value)
{
    public static PrometheusSeries From(JsonElement item) => new(
        item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
        item.GetProperty("value")[1].GetString()!);

    public double Number => double.Parse(Value, System.Globalization.CultureInfo.InvariantCulture);
}
