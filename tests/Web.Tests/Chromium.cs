using Microsoft.Playwright;

namespace ZImageSweep.Web.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by build/install-test-deps.sh) driven through the Playwright
/// driver of the NuGet package. Playwright never downloads a browser here: it launches this executable headless, in a
/// fresh profile, with everything that would reach the network at start-up switched off.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    const string ExecutablePath = "/usr/bin/chromium";
    static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    readonly IPlaywright _playwright;
    readonly IBrowserContext _context;
    readonly string _profile;

    Chromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
    }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath)) Assert.Fail($"{ExecutablePath} is missing: install Debian's chromium (build/install-test-deps.sh does).");
        string profile = Directory.CreateTempSubdirectory("zsweep-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        return new Chromium(playwright, context, profile);
    }

    public Task<IPage> NewPageAsync() => _context.NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _playwright.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
