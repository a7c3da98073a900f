using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ZImageSweep.Web.Tests;

/// <summary>
/// The page of a silo with tokens: it asks for a token once, on the API's first 401, and keeps it for the tab; a
/// viewer sees no controls, an operator can start a sweep and sees the silo's named validation errors inline.
/// </summary>
[Trait(Tier.Name, Tier.Integration)]
public sealed class SweepControlsPageTests
{
    /// <summary>No base job: the parser names the key (SweepSpecParser, "base … is required").</summary>
    const string SpecWithoutBase = "name: no-base\naxes:\n  - { name: lr, key: train.lr, values: [1e-4, 3e-4] }\n";

    [Fact]
    public async Task AViewer_IsAskedForATokenOnce_AndSeesNoControls()
    {
        await using var served = await TokenServedPage.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();

        await page.GotoAsync(served.Url);
        await GiveToken(page, "a-wrong-token");
        await Expect(page.Locator("dialog.token-dialog")).ToContainTextAsync("That token was not accepted");
        await GiveToken(page, TokenServedPage.ViewerToken);

        await Expect(page.Locator("main .notice")).ToContainTextAsync("No sweeps yet");
        Assert.Equal("viewer", await page.EvaluateAsync<string>("() => fetch('/api/whoami', { headers: { Authorization: 'Bearer ' + sessionStorage.getItem('zsweep.token') } }).then(r => r.json()).then(w => w.role)"));
        await Expect(page.Locator("form.new-sweep")).ToHaveCountAsync(0);
        await page.ReloadAsync(); // the token is kept for the tab: no second prompt
        await Expect(page.Locator("main .notice")).ToContainTextAsync("No sweeps yet");
        await Expect(page.Locator("dialog.token-dialog")).ToHaveCountAsync(0);
        await Expect(page.Locator("form.new-sweep")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnOperator_SeesTheStartForm_AndABadSpecsNamedErrorInline()
    {
        await using var served = await TokenServedPage.StartAsync();
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();

        await page.GotoAsync(served.Url);
        await GiveToken(page, TokenServedPage.OperatorToken);
        var form = page.Locator("form.new-sweep");
        await Expect(form).ToBeVisibleAsync();
        await form.GetByLabel("Sweep spec").FillAsync(SpecWithoutBase);
        await form.GetByRole(AriaRole.Button, new() { Name = "Start sweep" }).ClickAsync();

        await Expect(form.Locator(".spec-errors li")).ToContainTextAsync([new Regex(@"base\b.*is required")]);
        Assert.Equal("", new Uri(page.Url).Fragment.TrimStart('#').TrimStart('/')); // still on the sweeps list
    }

    static async Task GiveToken(IPage page, string token)
    {
        var dialog = page.Locator("dialog.token-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Access token").FillAsync(token);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
    }
}
