using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ZImageSweep.Client.Connection;

/// <summary>
/// The options of a verb that can talk to a remote server over its HTTP API instead of a home or a cluster: the
/// server's URL (<c>--server</c> or <c>$ZSWEEP_SERVER</c>) and its bearer token (<c>--token-file</c> or
/// <c>$ZSWEEP_TOKEN</c>). Checked before anything is sent: a URL that is not http(s), a token file that is not there,
/// or <c>--server</c> with <c>--home</c> is a usage error naming the option.
/// </summary>
public class ServerSettings : HomeSettings
{
    public const string ServerVariable = "ZSWEEP_SERVER";
    public const string TokenVariable = "ZSWEEP_TOKEN";

    [CommandOption("--server <URL>")]
    [Description("A zsweep server's URL, e.g. https://sweeps.example.org (default: $ZSWEEP_SERVER): talk to it over its HTTP API instead of a home or cluster.")]
    public string? Server { get; init; }

    [CommandOption("--token-file <FILE>")]
    [Description("With --server: a file holding the bearer token (default: $ZSWEEP_TOKEN holds the token itself).")]
    public string? TokenFile { get; init; }

    /// <summary>The server's URL, or null when the verb works on a home or a cluster.</summary>
    public Uri? ResolvedServer => NonEmpty(Server ?? Environment.GetEnvironmentVariable(ServerVariable)) is { } url
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>The token from <c>--token-file</c>, else <c>$ZSWEEP_TOKEN</c>, else none (a server without tokens).</summary>
    public string? ResolvedToken => TokenFile is not null ? NonEmpty(File.ReadAllText(TokenFile).Trim()) : NonEmpty(Environment.GetEnvironmentVariable(TokenVariable));

    public override ValidationResult Validate()
    {
        string? url = NonEmpty(Server ?? Environment.GetEnvironmentVariable(ServerVariable));
        string option = Server is null ? $"${ServerVariable}" : "--server";
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            return ValidationResult.Error($"{option} '{url}' is not a server URL; write http://host:port or https://host.");
        if (url is not null && Home is not null) return ValidationResult.Error("--home names a folder on this machine; leave it out with --server (or $ZSWEEP_SERVER), whose sweeps live on the server.");
        if (TokenFile is not null && url is null) return ValidationResult.Error("--token-file goes with --server (or $ZSWEEP_SERVER).");
        if (TokenFile is not null && !File.Exists(TokenFile)) return ValidationResult.Error($"--token-file '{TokenFile}' does not exist.");
        return base.Validate();
    }
}
