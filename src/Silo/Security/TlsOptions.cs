namespace ZImageSweep.Silo.Security;

/// <summary>
/// The certificate the silo serves HTTPS with (configuration section <c>Tls</c>); without one it serves plain HTTP,
/// as behind an Ingress that terminates TLS.
/// </summary>
public sealed class TlsOptions
{
    public const string Section = "Tls";

    /// <summary>A PEM certificate (with <see cref="KeyFile"/>) or a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>, with <see cref="Password"/> if it has one).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The PEM private key of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The PKCS#12 file's password.</summary>
    public string? Password { get; set; }
}
