using System.Text.Json;
using System.Text.RegularExpressions;

namespace ZImageSweep.Silo.Tests.Metrics;

/// <summary>
/// One PromQL expression of a Grafana dashboard in <c>k8s/monitoring/dashboards</c>: a panel target's <c>expr</c>, or
/// a template variable's <c>label_values(selector, label)</c> turned into the query Grafana runs for it.
/// </summary>
public sealed partial record DashboardQuery(string Dashboard, string Panel, string Expression)
{
    public static readonly string Folder = Path.Combine(RepoRoot.Path, "k8s", "monitoring", "dashboards");

    public override string ToString() => $"{Dashboard} / {Panel}: {Expression}";

    /// <summary>The expression with Grafana's <c>$name</c> / <c>${name}</c> variables replaced; an unknown one is an error.</summary>
    public string Substitute(IReadOnlyDictionary<string, string> values) =>
        Variable().Replace(Expression, m => values.TryGetValue(m.Groups["name"].Value, out var value)
            ? value
            : throw new InvalidOperationException($"{this}: no test value for the variable ${m.Groups["name"].Value}"));

    public static IReadOnlyList<DashboardQuery> All()
    {
        var queries = new List<DashboardQuery>();
        foreach (string file in Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            string dashboard = $"{Path.GetFileName(file)} ({document.RootElement.GetProperty("title").GetString()})";
            if (document.RootElement.TryGetProperty("templating", out var templating))
                foreach (var variable in templating.GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
                    queries.Add(new(dashboard, $"variable ${variable.GetProperty("name").GetString()}", LabelValuesQuery(variable)));
            AddPanels(queries, dashboard, document.RootElement);
        }
        return queries;
    }

    /// <summary>Panels and the panels inside rows, every target with an <c>expr</c>.</summary>
    static void AddPanels(List<DashboardQuery> queries, string dashboard, JsonElement parent)
    {
        if (!parent.TryGetProperty("panels", out var panels)) return;
        foreach (var panel in panels.EnumerateArray())
        {
            if (panel.TryGetProperty("targets", out var targets))
                foreach (var target in targets.EnumerateArray())
                    if (target.TryGetProperty("expr", out var expr))
                        queries.Add(new(dashboard, $"panel '{panel.GetProperty("title").GetString()}' target {target.GetProperty("refId").GetString()}", expr.GetString()!));
            AddPanels(queries, dashboard, panel);
        }
    }

    static string LabelValuesQuery(JsonElement variable)
    {
        var query = variable.GetProperty("query");
        string text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
        var match = LabelValues().Match(text);
        if (!match.Success) throw new InvalidOperationException($"Variable ${variable.GetProperty("name").GetString()}: '{text}' is not label_values(selector, label)");
        return $"group by ({match.Groups["label"].Value}) ({match.Groups["selector"].Value})";
    }

    [GeneratedRegex(@"\$\{(?<name>\w+)\}|\$(?<name>\w+)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValues();
}
