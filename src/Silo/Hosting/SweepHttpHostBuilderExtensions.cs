using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ZImageSweep.Silo.Hosting;

public static class SweepHttpHostBuilderExtensions
{
    /// <summary>
    /// How every process that serves the page and its API listens: on <paramref name="urls"/> (when the builder hosts a
    /// web server), answering only the host names served unless <c>AllowedHosts</c> is configured (so a DNS-rebinding
    /// page cannot read a loopback silo), and with a problem document for every 4xx that has no body of its own (a
    /// malformed path, a query value of the wrong type).
    /// </summary>
    public static void AddSweepHttp(this IHostApplicationBuilder builder, string urls)
    {
        if (builder is WebApplicationBuilder web) web.WebHost.UseUrls(urls);
        if (string.IsNullOrWhiteSpace(builder.Configuration[AllowedHostNames.ConfigurationKey]))
            builder.Configuration[AllowedHostNames.ConfigurationKey] = AllowedHostNames.For(urls);
        builder.Services.AddProblemDetails();
    }
}
