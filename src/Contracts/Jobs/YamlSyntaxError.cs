namespace ZImageSweep.Contracts.Jobs;

/// <summary>Where a YAML text stops being YAML (1-based line and column) and why.</summary>
public sealed record YamlSyntaxError(long Line, long Column, string Message)
{
    public string Where => $"line {Line}, column {Column}";

    public override string ToString() => $"{Where}: {Message}";
}
