using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ZImageSweep.Silo.Security;

namespace ZImageSweep.Silo.Tests.Security;

/// <summary>
/// The silo given a certificate serves HTTPS only, to a client that trusts that certificate (a self-signed one made
/// here, for 127.0.0.1) and validates it as usual, host name included.
/// </summary>
[Trait(Tier.Name, Tier.Integration)]
public sealed class TlsTests : IDisposable
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    const string PfxPassword = "pfx-pass";
    readonly string _folder = Directory.CreateTempSubdirectory("zsweep-tls-").FullName;
    readonly X509Certificate2 _certificate;

    public TlsTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=zsweep test silo", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server authentication
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(_folder, "silo.pem"), _certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_folder, "silo.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(Path.Combine(_folder, "silo.pfx"), _certificate.Export(X509ContentType.Pfx, PfxPassword));
    }

    [Theory]
    [InlineData("silo.pem", "silo.key", null)]
    [InlineData("silo.pfx", null, PfxPassword)]
    public async Task WithACertificate_TheSiloServesHttps(string certificate, string? key, string? password)
    {
        await using var host = await AccessTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Tls:CertificateFile"] = Path.Combine(_folder, certificate),
            ["Tls:KeyFile"] = key is null ? null : Path.Combine(_folder, key),
            ["Tls:Password"] = password,
        });
        Assert.StartsWith("https://127.0.0.1:", host.Url);

        using var trusting = host.Client(token: null, new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { _certificate },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        });
        Assert.Equal("ok", await trusting.GetStringAsync("/healthz", Cancel));

        using var untrusting = host.Client(token: null);
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetStringAsync("/healthz", Cancel));
    }

    [Fact]
    public void AKeyThatIsNotTheCertificates_IsNamed()
    {
        string otherKey = Path.Combine(_folder, "other.key");
        using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256)) File.WriteAllText(otherKey, other.ExportPkcs8PrivateKeyPem());

        var error = Assert.Throws<TlsCertificateException>(() => TlsCertificate.Load(new TlsOptions { CertificateFile = Path.Combine(_folder, "silo.pem"), KeyFile = otherKey }));

        Assert.StartsWith($"{Path.Combine(_folder, "silo.pem")} with key {otherKey}: cannot load the TLS certificate", error.Message);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
