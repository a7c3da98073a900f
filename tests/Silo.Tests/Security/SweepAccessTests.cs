using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using ZImageSweep.Silo.Security;

namespace ZImageSweep.Silo.Tests.Security;

/// <summary>
/// Who may call what, on the silo's real web host with tokens of every role and a scrape token: every endpoint the app
/// maps — read from its endpoint data sources, so a route added without a policy fails here — answers 401, 403 or
/// passes authorization according to the policy its path and method call for, for every kind of caller.
/// </summary>
[Trait(Tier.Name, Tier.Integration)]
public sealed partial class SweepAccessTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    const string Viewer = "v-1c9e2d", Operator = "o-5b7a31", Admin = "a-9d04f6", Scrape = "m-33e8c0", Unknown = "not-a-configured-token";

    /// <summary>The callers of the table: none, an unknown token, each role, and the scrape token.</summary>
    static readonly (string Name, string? Token, AccessRole? Role)[] Callers =
    [
        ("no token", null, null), ("unknown token", Unknown, null), ("viewer", Viewer, AccessRole.Viewer),
        ("operator", Operator, AccessRole.Operator), ("admin", Admin, AccessRole.Admin), ("scrape", Scrape, null),
    ];

    static Task<AccessTestHost> StartWithTokens() => AccessTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Auth:Tokens:0"] = $"viewer:{Viewer}",
        ["Auth:Tokens:1"] = $"operator:{Operator}",
        // sha256 of "a-9d04f6" (coreutils sha256sum): a configuration may hold digests only.
        ["Auth:Tokens:2"] = "admin:sha256:1145ef90ac371650bd5474d8f4f3e9e8ab822cc1dfc0e346a3efff155f9860a3",
        ["Auth:MetricsToken"] = Scrape,
    });

    /// <summary>The policy a route must carry, from its path and method alone: the table this test holds the app to.</summary>
    static string? ExpectedPolicy(string method, string template) => template switch
    {
        "/healthz" or "/" or "/assets/{name}" => null,
        "/metrics" => AccessPolicies.MetricsScrape,
        _ when template.StartsWith("/dashboard", StringComparison.Ordinal) => AccessPolicies.Admin,
        _ when template.StartsWith("/api/", StringComparison.Ordinal) => method == "GET" ? AccessPolicies.Viewer : AccessPolicies.Operator,
        _ => throw new Xunit.Sdk.XunitException($"{method} {template} is a new kind of route: add the policy it needs to {nameof(ExpectedPolicy)}"),
    };

    static bool Admits(string? policy, (string Name, string? Token, AccessRole? Role) caller) => policy switch
    {
        null => true,
        AccessPolicies.MetricsScrape => caller.Token == Scrape,
        _ => caller.Role is { } role && AccessRoles.Granted(role).Select(AccessRoles.NameOf).Contains(policy),
    };

    [Fact]
    public async Task EveryRoute_AnswersEachCallerByThePolicyItsPathNeeds()
    {
        await using var host = await StartWithTokens();
        var endpoints = ((IEndpointRouteBuilder)host.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == AccessTestHost.StandInControlRoute);
        Assert.Contains(endpoints, e => e.RoutePattern.RawText?.StartsWith("/dashboard", StringComparison.Ordinal) == true);
        var clients = Callers.ToDictionary(c => c.Name, c => host.Client(c.Token));
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            string template = endpoint.RoutePattern.RawText ?? "";
            string method = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? "GET";
            string? policy = ExpectedPolicy(method, template);
            var declared = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            bool anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (policy is null ? !anonymous : anonymous || !declared.Contains(policy))
                failures.Add($"{method} {template}: declares [{string.Join(", ", declared)}]{(anonymous ? " and anonymous" : "")}; it needs {policy ?? "anonymous access"}");
            string path = Parameter().Replace(template, "1");
            foreach (var caller in Callers)
            {
                // A POST carries a JSON body, so a route that takes one matches it (without, routing picks the /api fallback).
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? System.Net.Http.Json.JsonContent.Create(new { }) : null };
                // Headers only: some dashboard routes stream for as long as they are read.
                using var response = await clients[caller.Name].SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
                var status = response.StatusCode;
                bool passed = status is not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden;
                var expected = Admits(policy, caller) ? "authorized" : caller.Role is null && caller.Token != Scrape ? "401" : "403";
                string actual = passed ? "authorized" : ((int)status).ToString();
                if (expected != actual) failures.Add($"{method} {path} as {caller.Name}: {(int)status}, expected {expected}");
                if (status == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.ToString() != "Bearer")
                    failures.Add($"{method} {path} as {caller.Name}: 401 without WWW-Authenticate: Bearer");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal("[]", await clients["viewer"].GetStringAsync("/api/sweeps", Cancel));
    }

    [Fact]
    public async Task WhoAmI_NamesTheRole_AndTheDashboardIsForAdmins()
    {
        await using var host = await StartWithTokens();
        foreach (var (name, token) in new[] { ("viewer", Viewer), ("operator", Operator), ("admin", Admin) })
            Assert.Equal(new WhoAmI(name), await host.Client(token).GetFromJsonAsync<WhoAmI>("/api/whoami", Cancel));

        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client(Operator).GetAsync("/dashboard/", Cancel)).StatusCode);
        var dashboard = await host.Client(Admin).GetAsync("/dashboard/", Cancel);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("text/html", dashboard.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheLog_SaysHowManyTokensOfEachRole_AndNeverATokenItself()
    {
        await using var host = await StartWithTokens();
        foreach (string? token in new[] { Viewer, Operator, Admin, Scrape, Unknown, null })
        {
            await host.Client(token).GetAsync("/api/sweeps", Cancel);
            await host.Client(token).GetAsync("/metrics", Cancel);
            await host.Client(token).PostAsync(AccessTestHost.StandInControlRoute, null, Cancel);
        }

        Assert.Contains(host.Log.Entries, e => e.Text.Contains("Access tokens configured (1 viewer, 1 operator, 1 admin)", StringComparison.Ordinal));
        Assert.Contains(host.Log.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore.Authorization", StringComparison.Ordinal)); // the log was recorded at Debug
        foreach (string token in new[] { Viewer, Operator, Admin, Scrape, Unknown })
            Assert.DoesNotContain(host.Log.Entries, e => e.Text.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutTokens_EveryoneMayDoEverything_AndTheLogSaysSo()
    {
        await using var host = await AccessTestHost.StartAsync(new Dictionary<string, string?>());
        using var anyone = host.Client(token: null);

        Assert.Equal(new WhoAmI(AccessRoles.Open), await anyone.GetFromJsonAsync<WhoAmI>("/api/whoami", Cancel));
        Assert.Equal(HttpStatusCode.OK, (await anyone.PostAsync(AccessTestHost.StandInControlRoute, null, Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync("/metrics", Cancel)).StatusCode);
        var notice = Assert.Single(host.Log.Entries, e => e.Text.StartsWith("No access tokens configured", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, notice.Level); // loopback only; AccessModeNoticeTests covers the warning
    }

    [Fact]
    public async Task AMalformedTokensFile_StopsTheSiloAtStart_NamingItsLine()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["viewer:v-1", "viewer:v-1"]);
            var error = await Assert.ThrowsAsync<TokensFileException>(() =>
                AccessTestHost.StartAsync(new Dictionary<string, string?> { ["Auth:TokensFile"] = file }));
            Assert.Equal($"{file}:2: the same token as {file}:1; every token must be distinct, so its role is clear", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
