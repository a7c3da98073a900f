using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace ZImageSweep.Silo.Hosting;

/// <summary>Where the silo serves HTTP: ASP.NET's <c>urls</c> when set, else <see cref="SiloHostOptions.HttpUrls"/>.</summary>
public static class HttpListenAddresses
{
    public static string Of(IConfiguration configuration) =>
        configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls
            ? urls
            : (configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions()).HttpUrls;

    /// <summary>Every address of <paramref name="urls"/> as <c>https://</c>: a silo given a certificate serves only HTTPS.</summary>
    public static string Secured(string urls) => string.Join(';',
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "https://" + url["http://".Length..] : url));

    /// <summary>
    /// Fails with one line when a loopback or IP address among <paramref name="urls"/> has its port taken, before
    /// anything starts: Kestrel finds out only after the silo has started, and its failure then comes with the
    /// silo's shutdown log. Names other than localhost and port 0 are left to Kestrel.
    /// </summary>
    /// <exception cref="IOException">The port is in use.</exception>
    public static void ThrowIfTaken(string urls)
    {
        foreach (string url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port == 0) continue;
            IPAddress? address = uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (address is null) continue;
            var probe = new TcpListener(address, uri.Port);
            try
            {
                probe.Start();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new IOException($"{url}: the port is in use (another zsweep serve or silo?); choose another with --urls");
            }
            finally
            {
                probe.Stop();
            }
        }
    }
}
