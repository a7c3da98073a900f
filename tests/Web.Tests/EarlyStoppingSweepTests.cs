using System.Net.Http.Json;
using Microsoft.Playwright;
using ZImageSweep.Grains.Interfaces.EarlyStopping;
using ZImageSweep.Grains.Interfaces.Experiments;
using ZImageSweep.Grains.Interfaces.Sweeps;
using ZImageSweep.Silo.Web.Api;
using static Microsoft.Playwright.Assertions;

namespace ZImageSweep.Web.Tests;

/// <summary>
/// <c>early_stopping: {method: paired}</c> on the real tiny model: 4 and 6 steps × learning rate 1e-3 or 0.5, two arms
/// at a time, checkpoints every 2 steps, each validated on the held-out images at five σ (ten paired items). At 0.5 an
/// arm is worse on every item by its first checkpoint, yet finite (NaN would make it Failed, by the divergence guard).
/// The two 1e-3 arms train identically through step 4 (constant learning rate, one seed), so every difference between
/// them is 0 and neither can be stopped.
/// </summary>
[Collection(ServedSweepCollection.Name), Trait(Tier.Name, Tier.Integration)]
public sealed class EarlyStoppingSweepTests(ServedSweep served)
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task ThePairedRule_StopsTheArmsAtAFarTooHighRate_AtTheFirstCheckpoint_AndTheirSlotsGoToQueuedArms()
    {
        var definition = served.Sweep("web-stop", """
            - { name: steps, key: train.steps, values: [4, 6] }
            - { name: lr, key: train.lr, values: [1e-3, 0.5] }
            """, extra: "early_stopping: { method: paired }");
        // Grid order: (4, 1e-3), (4, 0.5) start; (6, 1e-3), (6, 0.5) wait for a free slot.
        string[] good = [definition.Arms[0].Id, definition.Arms[2].Id], bad = [definition.Arms[1].Id, definition.Arms[3].Id];
        string[] queued = [definition.Arms[2].Id, definition.Arms[3].Id];

        await served.CallAsync(grains => grains.GetGrain<ISweepGrain>(definition.Name).Create(definition));
        var view = await Eventually.Until(() => served.Http.GetFromJsonAsync<SweepView>($"/api/sweeps/{definition.Name}")!, v => v!.Finished, Timeout,
            "every arm to complete or stop");
        SweepSnapshot snapshot = null!;
        await served.CallAsync(async grains => snapshot = await grains.GetGrain<ISweepGrain>(definition.Name).GetSnapshot());

        var byId = snapshot.Arms.ToDictionary(a => a.ArmId);
        Assert.All(good, id => Assert.Equal(ExperimentStatus.Completed, byId[id].Status));
        foreach (string id in bad)
        {
            var arm = byId[id];
            Assert.Equal(ExperimentStatus.Stopped, arm.Status);
            var decision = arm.EarlyStop!;
            // min_checkpoints 1: the first checkpoint, step 2, is the first the rule may judge. Ten items all worse give the
            // exact two-sided p = 2·2⁻¹⁰ ≈ 0.00195 before Holm's factor (at most 3 arms compared with the best).
            Assert.Equal((EarlyStoppingMethod.Paired, 2L), (decision.Method, decision.Step));
            Assert.InRange(decision.PAdjusted!.Value, 0, 3 * 2 / 1024.0);
            Assert.True(decision.Value > decision.Reference, $"{decision.Value} is not worse than {decision.Reference}");
            Assert.Contains(decision.ComparedTo, good.Select(g => definition.Arms.Single(a => a.Id == g).Label));
            Assert.Equal(decision.Describe(), view!.Arms.Single(a => a.Id == id).Reason);
            Assert.True(arm.LastCheckpoint is { Step: >= 2 }, "the stopped arm keeps its checkpoints");
        }
        // The first stopped arm's slot was handed at once to an arm of this sweep that was waiting for one.
        Assert.Matches($"given back by {definition.Name}/{bad[0]}; handed to '{definition.Name}/({string.Join('|', queued)})'", served.Output);

        // The page marks each stopped arm, with the decision as its reason.
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(new Uri(served.Url), $"#/sweeps/{definition.Name}").ToString());
        foreach (string id in bad)
        {
            await Expect(page.Locator($"table.arms tr[data-arm='{id}'] .status-stopped")).ToHaveTextAsync("Stopped");
            await Expect(page.Locator($"table.arms tr[data-arm='{id}'] .reason.stopped")).ToHaveTextAsync(byId[id].Reason!);
        }
        await Expect(page.Locator("table.arms .status-completed")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "sweep-stopped-early.png"), FullPage = true });
    }
}
