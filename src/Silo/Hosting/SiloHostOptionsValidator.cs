using Microsoft.Extensions.Options;

namespace ZImageSweep.Silo.Hosting;

/// <summary>Checks <see cref="SiloHostOptions"/> before the silo is built; every failure names the setting and its environment variable.</summary>
public sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    public ValidateOptionsResult Validate(string? name, SiloHostOptions o)
    {
        var failures = new List<string>();
        if (o.SiloPort is < 1 or > 65535) failures.Add($"{nameof(SiloHostOptions)}.{nameof(o.SiloPort)} must be a port number (env Silo__SiloPort).");
        if (o.GatewayPort is < 1 or > 65535) failures.Add($"{nameof(SiloHostOptions)}.{nameof(o.GatewayPort)} must be a port number (env Silo__GatewayPort).");
        if (o.SiloPort == o.GatewayPort) failures.Add($"{nameof(SiloHostOptions)}.{nameof(o.SiloPort)} and {nameof(o.GatewayPort)} must differ.");
        if (!System.Net.IPAddress.TryParse(o.AdvertisedAddress, out _)) failures.Add($"{nameof(SiloHostOptions)}.{nameof(o.AdvertisedAddress)} '{o.AdvertisedAddress}' is not an IP address (env Silo__AdvertisedAddress).");
        if (o.Mode == SiloMode.Cluster && string.IsNullOrWhiteSpace(o.PostgresConnectionString))
            failures.Add($"{nameof(SiloHostOptions)}.{nameof(o.PostgresConnectionString)} is required in cluster mode (env Silo__PostgresConnectionString).");
        if (o.Mode == SiloMode.Embedded && string.IsNullOrWhiteSpace(o.SqlitePath))
            failures.Add($"{nameof(SiloHostOptions)}.{nameof(o.SqlitePath)} is required in embedded mode (env Silo__SqlitePath).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
