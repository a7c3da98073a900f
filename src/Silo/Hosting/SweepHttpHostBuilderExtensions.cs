using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZImageSweep.Silo.Security;

namespace ZImageSweep.Silo.Hosting;

public static class SweepHttpHostBuilderExtensions
{
    /// <summary>
    /// How every process that serves the page and its API listens: on <paramref name="urls"/> (when the builder hosts a
    /// web server) — over HTTPS only when a certificate is configured (<see cref="TlsOptions"/>) — answering only the host
    /// names served unless <c>AllowedHosts</c> is configured (so a DNS-rebinding page cannot read a loopback silo), to
    /// the callers the configured tokens admit (<see cref="SweepAuthHostBuilderExtensions.AddSweepAuth"/>), and with a
    /// problem document for every 4xx that has no body of its own (a malformed path, a query value of the wrong type, 401, 403).
    /// </summary>
    /// <exception cref="TokensFileException">A token line is malformed.</exception>
    /// <exception cref="TlsCertificateException">The configured certificate cannot be loaded.</exception>
    public static void AddSweepHttp(this IHostApplicationBuilder builder, string urls)
    {
        var tls = TlsCertificate.Load(builder.Configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions());
        if (tls is not null) urls = HttpListenAddresses.Secured(urls);
        if (builder is WebApplicationBuilder web)
        {
            web.WebHost.UseUrls(urls);
            if (tls is not null) web.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = tls));
        }
        if (string.IsNullOrWhiteSpace(builder.Configuration[AllowedHostNames.ConfigurationKey]))
            builder.Configuration[AllowedHostNames.ConfigurationKey] = AllowedHostNames.For(urls);
        builder.AddSweepAuth(urls);
        builder.Services.AddProblemDetails();
    }
}
