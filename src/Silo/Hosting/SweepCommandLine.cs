using ZImageSweep.Silo.Security;

namespace ZImageSweep.Silo.Hosting;

/// <summary>
/// The command-line switches of the silo process and <c>zsweep serve</c> and the configuration keys they set, so both
/// spell them the same and Kubernetes can set the keys instead (<c>Auth__TokensFile</c>).
/// </summary>
public static class SweepCommandLine
{
    public const string TokensFile = "--tokens-file";
    public const string MetricsTokenFile = "--metrics-token-file";
    public const string TlsCertificate = "--tls-cert";
    public const string TlsKey = "--tls-key";

    /// <summary>For <c>AddCommandLine(args, SwitchMappings)</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        [TokensFile] = $"{AuthOptions.Section}:{nameof(AuthOptions.TokensFile)}",
        [MetricsTokenFile] = $"{AuthOptions.Section}:{nameof(AuthOptions.MetricsTokenFile)}",
        [TlsCertificate] = $"{TlsOptions.Section}:{nameof(TlsOptions.CertificateFile)}",
        [TlsKey] = $"{TlsOptions.Section}:{nameof(TlsOptions.KeyFile)}",
    };
}
