using System.Reflection;
using System.Text.RegularExpressions;
using Spectre.Console.Cli;
using ZImageSweep.Contracts.Text;

namespace ZImageSweep.Client.Parsing;

/// <summary>
/// The "did you mean" for an unknown option: Spectre's strict parsing names the unknown option but suggests nothing,
/// so the closest long option of zsweep's commands is found here (<see cref="NameSuggestion"/>).
/// </summary>
public static partial class OptionSuggestion
{
    /// <summary>Every long option any zsweep command declares, read once from the settings classes.</summary>
    static readonly Lazy<string[]> KnownOptions = new(() => typeof(OptionSuggestion).Assembly.GetTypes()
        .Where(type => type.IsSubclassOf(typeof(CommandSettings)))
        .SelectMany(type => type.GetProperties())
        .SelectMany(property => property.GetCustomAttribute<CommandOptionAttribute>()?.LongNames ?? [])
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToArray());

    /// <summary>"--step" for Spectre's "Unknown option 'stpe'." when an option is close enough; null otherwise.</summary>
    public static string? For(string parseErrorMessage)
    {
        if (UnknownOptionMessage().Match(parseErrorMessage) is not { Success: true } match) return null;
        string typed = match.Groups[1].Value.TrimStart('-');
        return NameSuggestion.Closest(typed, KnownOptions.Value) is { } name ? "--" + name : null;
    }

    [GeneratedRegex("^Unknown option '([^']+)'")]
    private static partial Regex UnknownOptionMessage();
}
