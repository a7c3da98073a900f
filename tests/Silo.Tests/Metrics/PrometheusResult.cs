namespace ZImageSweep.Silo.Tests.Metrics;

/// <summary>What an instant query returned: its series, or the error Prometheus gave (a PromQL syntax error...).</summary>
public sealed record PrometheusResult(IReadOnlyList<PrometheusSeries> Series, string? Error);
