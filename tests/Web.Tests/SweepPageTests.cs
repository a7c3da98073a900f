using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SkiaSharp;
using ZImageSweep.Grains.Interfaces.Sweeps;
using static Microsoft.Playwright.Assertions;

namespace ZImageSweep.Web.Tests;

/// <summary>
/// The web page in a real browser against the live silo: from the sweeps list to the arms and their curves, the
/// sample grid with its step slider, and the swipe and difference views of two arms. Screenshots of each view land in
/// <c>screenshots/</c> beside the tests, for a look when the page changes.
/// </summary>
[Collection(ServedSweepCollection.Name), Trait(Tier.Name, Tier.Integration)]
public sealed class SweepPageTests(ServedSweep served)
{
    static readonly string Screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    [Fact]
    public async Task ASweep_ShowsItsArmsCurvesSampleGridAndTwoArmComparison()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        string longArm = served.LongArm.Id, shortArm = served.ShortArm.Id;

        await page.GotoAsync(served.Url);
        await Expect(page.Locator("table.sweeps")).ToContainTextAsync("Completed 2");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "sweeps.png"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = ServedSweep.Name, Exact = true }).ClickAsync();

        // Overview: one row per arm, one loss curve per arm with a vertex per step.
        await Expect(page.Locator("table.arms tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator($"tr[data-arm='{longArm}'] .arm-label")).ToHaveTextAsync(served.LongArm.Label);
        await Expect(page.Locator($"tr[data-arm='{shortArm}'] .arm-label")).ToHaveTextAsync(served.ShortArm.Label);
        await Expect(page.Locator($"tr[data-arm='{longArm}'] .progress-text")).ToHaveTextAsync("6 / 6");
        var curves = page.Locator("[data-chart=loss] path.series");
        await Expect(curves).ToHaveCountAsync(2);
        Assert.Equal([4, 6], (await curves.EvaluateAllAsync<string[]>("paths => paths.map(p => p.getAttribute('d'))")).Select(Vertices).Order());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "sweep.png"), FullPage = true });

        // Samples: the newest step first, where the short arm is marked as not having reached it.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Samples" }).ClickAsync();
        var step = page.Locator(".step-value");
        await Expect(step).ToHaveTextAsync("6");
        var longImages = page.Locator($"table.sample-grid tr[data-arm='{longArm}'] img.sample");
        await Expect(longImages).ToHaveCountAsync(2);
        await Expect(longImages.First).ToHaveAttributeAsync("data-src", new Regex($"/steps/6/arms/{longArm}/samples/"));
        await Expect(page.Locator($"table.sample-grid tr[data-arm='{shortArm}'] .not-reached")).ToHaveCountAsync(2);
        await Expect(page.Locator(".prompt-head .weight")).ToHaveTextAsync(["LoRA × 1", "LoRA × 0.5"]);
        await AllImagesLoaded(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "grid-step-6.png"), FullPage = true });

        // The slider moves over the sample steps and the images follow.
        await page.Locator(".step-range").FocusAsync();
        await page.Keyboard.PressAsync("Home");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(step).ToHaveTextAsync("2");
        await Expect(longImages.First).ToHaveAttributeAsync("data-src", new Regex($"/steps/2/arms/{longArm}/samples/"));
        await Expect(page.Locator($"table.sample-grid tr[data-arm='{shortArm}'] img.sample")).ToHaveCountAsync(2);
        await AllImagesLoaded(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "grid-step-2.png"), FullPage = true });

        // An image opens the comparison of its arm (A) with the other (B) at that step; the divider follows a drag.
        await longImages.First.ClickAsync();
        var swipe = page.Locator(".swipe");
        await Expect(swipe.Locator("img.swipe-a")).ToHaveAttributeAsync("data-src", new Regex($"/steps/2/arms/{longArm}/samples/"));
        await Expect(swipe.Locator("img.swipe-b")).ToHaveAttributeAsync("data-src", new Regex($"/steps/2/arms/{shortArm}/samples/"));
        var divider = page.Locator(".swipe-divider");
        await Expect(divider).ToHaveAttributeAsync("aria-valuenow", "50");
        var box = (await swipe.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.25f, box.Y + box.Height / 2, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        await Expect(divider).ToHaveAttributeAsync("aria-valuenow", "25");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "compare-swipe.png"), FullPage = true });

        // Difference: B is blended onto A per pixel. It shows where the arms' learning rates made them differ; at step
        // 0, before any update, both arms are the base model (a LoRA starts as a no-op) and the difference is black.
        await page.GetByRole(AriaRole.Button, new() { Name = "Difference" }).ClickAsync();
        await page.GetByLabel("Brighten").SelectOptionAsync("16");
        var blend = page.Locator(".difference img.blend");
        await Expect(blend).ToHaveAttributeAsync("data-src", new Regex($"/steps/2/arms/{shortArm}/samples/"));
        Assert.Equal("difference", await blend.EvaluateAsync<string>("image => getComputedStyle(image).mixBlendMode"));
        await AllImagesLoaded(page);
        Assert.True(await Brightest(page.Locator(".difference")) > 16, "the arms' step-2 samples differ, so their difference is not black");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "compare-difference.png"), FullPage = true });
        await page.Locator(".step-range").FocusAsync();
        await page.Keyboard.PressAsync("Home");
        await Expect(blend).ToHaveAttributeAsync("data-src", new Regex($"/steps/0/arms/{shortArm}/samples/"));
        await AllImagesLoaded(page);
        Assert.True(await Brightest(page.Locator(".difference")) <= 2, "the arms' step-0 samples are identical, so their difference is black");
    }

    [Fact]
    public async Task TheOverview_ShowsTheVerdictPanel_WithAPairwiseMatrixAndItsOutcomeInWords()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        string longArm = served.LongArm.Id, shortArm = served.ShortArm.Id;

        await page.GotoAsync($"{served.Url}/#/sweeps/{ServedSweep.Name}");

        var panel = page.Locator("[data-panel=verdict]");
        await Expect(panel).ToContainTextAsync("validation-loss at step 4");
        // A row per arm, and in each the other arm's cell: its interval bar and the outcome, a winner or "no detectable difference".
        await Expect(panel.Locator("table.verdict-matrix tbody tr")).ToHaveCountAsync(2);
        var cell = panel.Locator($"tr[data-arm='{longArm}'] td.pair");
        await Expect(cell.Locator(".ci-bar .ci-range")).ToHaveCountAsync(1);
        await Expect(cell).ToContainTextAsync(new Regex($"({Regex.Escape(served.LongArm.Label)}|{Regex.Escape(served.ShortArm.Label)}) better|no detectable difference"));
        await Expect(panel.Locator(".verdict-summary")).ToContainTextAsync(new Regex("Winner: |No detectable difference between any two arms"));
        await Expect(panel.Locator($"tr[data-arm='{shortArm}'] th")).ToContainTextAsync("n = 10");
        await panel.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "verdict.png") });

        // Drift was not computed for this sweep: the panel says why there is no verdict instead of failing.
        await panel.GetByLabel("Verdict metric").SelectOptionAsync("turbo-drift");
        await Expect(panel.Locator(".notice")).ToContainTextAsync("No verdict yet: A verdict on turbo-drift needs two arms");
    }

    [Fact]
    public async Task AnOpenPage_FollowsASweepWhileItTrains_WithoutReloading()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(served.Url);
        await Expect(page.Locator("table.sweeps")).ToContainTextAsync(ServedSweep.Name);
        await page.EvaluateAsync("() => window.loadedOnce = true"); // gone if the page reloads
        // Far too long to finish during the test: it is cancelled once the page has shown it moving.
        var sweep = served.Sweep("web-live", "- { name: steps, key: train.steps, values: [5000] }");

        await served.CallAsync(grains => grains.GetGrain<ISweepGrain>(sweep.Name).Create(sweep));

        var link = page.GetByRole(AriaRole.Link, new() { Name = sweep.Name, Exact = true });
        await Expect(link).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await link.ClickAsync();
        await Expect(page.Locator(".sweep-state .live:not(.done)")).ToHaveTextAsync("live");
        var progress = page.Locator("table.arms .progress-text");
        await Expect(progress).Not.ToHaveTextAsync("0 / 5000", new() { Timeout = 60_000 });
        string seen = await progress.InnerTextAsync();
        await Expect(progress).Not.ToHaveTextAsync(seen, new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-chart=loss] path.series")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "sweep-running.png"), FullPage = true });

        await served.CallAsync(grains => grains.GetGrain<ISweepGrain>(sweep.Name).Cancel());

        await Expect(page.Locator(".sweep-state .live.done")).ToHaveTextAsync("finished", new() { Timeout = 60_000 });
        await Expect(page.Locator("table.arms .pill")).ToHaveTextAsync("Cancelled");
        Assert.True(await page.EvaluateAsync<bool>("() => window.loadedOnce === true"));
    }

    /// <summary>The brightest channel value inside an element as the browser painted it (its rounded corners left out).</summary>
    static async Task<int> Brightest(ILocator element)
    {
        using var bitmap = SKBitmap.Decode(await element.ScreenshotAsync());
        int margin = bitmap.Width / 10, brightest = 0;
        for (int y = margin; y < bitmap.Height - margin; y++)
            for (int x = margin; x < bitmap.Width - margin; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                brightest = Math.Max(brightest, Math.Max(pixel.Red, Math.Max(pixel.Green, pixel.Blue)));
            }
        return brightest;
    }

    /// <summary>Every image on the page was fetched and decoded: the URLs the page built are ones the silo serves.</summary>
    static Task AllImagesLoaded(IPage page) =>
        page.WaitForFunctionAsync("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)");

    /// <summary>Vertices of an SVG path made of one M and then L commands.</summary>
    static int Vertices(string path) => path.Count(c => c is 'M' or 'L');
}
