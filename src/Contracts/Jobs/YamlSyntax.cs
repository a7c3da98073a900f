using System.Diagnostics.CodeAnalysis;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ZImageSweep.Contracts.Jobs;

/// <summary>
/// Reads YAML text (job configs, sweep specs) so that every syntax error names its line and column. YamlDotNet reports
/// most as a <see cref="YamlException"/> with its position, but some broken inputs (an unclosed flow list followed
/// by more keys, <c>linear: [8</c>) make its scanner throw a bare <see cref="InvalidOperationException"/>; the
/// scanner's position says where it stopped.
/// </summary>
public static class YamlSyntax
{
    /// <param name="error">When false: where and why.</param>
    public static bool TryLoad(string text, out YamlStream stream, [NotNullWhen(false)] out YamlSyntaxError? error)
    {
        stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
            error = null;
            return true;
        }
        catch (YamlException e)
        {
            error = new YamlSyntaxError(e.Start.Line, e.Start.Column, e.InnerException?.Message ?? e.Message);
        }
        catch (InvalidOperationException)
        {
            error = new YamlSyntaxError(scanner.CurrentPosition.Line, scanner.CurrentPosition.Column,
                "the YAML cannot be read from here on; look above for an unclosed '[', '{' or quote");
        }
        return false;
    }
}
