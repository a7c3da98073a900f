using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ZImageSweep.Silo.Security;

/// <summary>Loads the certificate of <see cref="TlsOptions"/>: PEM certificate and key, or a PKCS#12 file.</summary>
public static class TlsCertificate
{
    /// <returns>The certificate with its private key, or null when none is configured.</returns>
    /// <exception cref="TlsCertificateException">A file is missing or unreadable, or the key does not fit.</exception>
    public static X509Certificate2? Load(TlsOptions options)
    {
        if (options.CertificateFile is not { Length: > 0 } certificate)
        {
            return options.KeyFile is { Length: > 0 } key
                ? throw new TlsCertificateException($"{key}: a TLS key was given without its certificate (--tls-cert, Tls:CertificateFile)")
                : null;
        }
        try
        {
            return options.KeyFile is { Length: > 0 } keyFile
                ? X509Certificate2.CreateFromPemFile(certificate, keyFile)
                : X509CertificateLoader.LoadPkcs12FromFile(certificate, options.Password);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            string files = options.KeyFile is { Length: > 0 } k ? $"{certificate} with key {k}" : $"{certificate} (PKCS#12; give --tls-key for a PEM certificate)";
            throw new TlsCertificateException($"{files}: cannot load the TLS certificate ({e.Message})", e);
        }
    }
}
