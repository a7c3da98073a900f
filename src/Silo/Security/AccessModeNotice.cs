using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZImageSweep.Silo.Hosting;

namespace ZImageSweep.Silo.Security;

/// <summary>
/// One line at start saying who may call the API: in the open mode that anyone reaching the listen address may read
/// and control every sweep — a warning when that address is not loopback-only, where others can reach it — otherwise
/// how many tokens of each role are configured (never the tokens).
/// </summary>
public sealed class AccessModeNotice(AccessTokens tokens, string urls, ILogger<AccessModeNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        string metrics = tokens.ProtectsMetrics ? "/metrics needs its scrape token" : "/metrics is open";
        if (!tokens.IsOpen)
            logger.LogInformation("Access tokens configured ({Roles}); every /api route needs one; {Metrics}.", tokens.Describe(), metrics);
        else if (AllowedHostNames.ServesOnlyLoopback(urls))
            logger.LogInformation("No access tokens configured: open single-user mode on {Urls}, where anyone on this machine may read and control every sweep; {Metrics}.", urls, metrics);
        else
            logger.LogWarning("No access tokens configured: open single-user mode on {Urls}, where anyone who reaches it may read and control every sweep; configure tokens (--tokens-file, Auth:TokensFile); {Metrics}.", urls, metrics);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
