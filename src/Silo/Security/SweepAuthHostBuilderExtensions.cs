using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ZImageSweep.Silo.Security;

public static class SweepAuthHostBuilderExtensions
{
    /// <summary>
    /// Bearer-token authentication (<see cref="BearerTokenHandler"/>) and one policy per role
    /// (<see cref="AccessPolicies"/>), from the <c>Auth</c> section. The tokens are read here, while the host is built,
    /// so a malformed tokens file stops the silo before it starts, naming its line.
    /// </summary>
    /// <param name="urls">Where the host listens, for the start-up notice of the open mode.</param>
    /// <exception cref="TokensFileException">A token line is malformed, or a tokens file cannot be read.</exception>
    public static IHostApplicationBuilder AddSweepAuth(this IHostApplicationBuilder builder, string urls)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var tokens = AccessTokens.Load(options);
        builder.Services.AddSingleton(tokens);
        builder.Services.AddHostedService(sp => new AccessModeNotice(tokens, urls, sp.GetRequiredService<ILogger<AccessModeNotice>>()));
        builder.Services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, configureOptions: null);
        var policies = builder.Services.AddAuthorizationBuilder();
        // Each principal carries every role its token includes (AccessPrincipal), so a policy needs only its own role.
        foreach (var role in AccessRoles.All) policies.AddPolicy(AccessRoles.NameOf(role), p => p.RequireRole(AccessRoles.NameOf(role)));
        policies.AddPolicy(AccessPolicies.MetricsScrape, p => p.RequireClaim(AccessPrincipal.ScrapeClaim));
        return builder;
    }
}
