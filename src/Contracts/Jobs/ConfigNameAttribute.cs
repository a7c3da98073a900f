namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// The spelling of an enum member in job files (<c>zimage:turbo</c>, <c>adamw8bit</c>). Several attributes give
/// accepted aliases; the first is the canonical name written back.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = true)]
public sealed class ConfigNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
