using System.Diagnostics;
using ZImageSweep.Client.Connection;
using ZImageSweep.Client.Tests.Commands;

namespace ZImageSweep.Client.Tests.Homes;

[Trait(Tier.Name, Tier.Unit)]
public sealed class HomeOwnershipTests : IDisposable
{
    readonly string _home = Directory.CreateTempSubdirectory("zsweep-owner-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void HomeLock_IsExclusive_AndFreeAgainOnceReleased()
    {
        using (var first = HomeLock.TryAcquire(_home))
        {
            Assert.NotNull(first);
            Assert.Null(HomeLock.TryAcquire(_home));
        }
        using var again = HomeLock.TryAcquire(_home);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task Claim_OfAHomeWhoseRecordNamesAProcessThatIsGone_TakesItOver()
    {
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync(TestContext.Current.CancellationToken);
        new HomeOwner(gone.Id, "run", HomeUse.Train, SiloPort: 1, GatewayPort: 2).Write(_home);

        var claim = await HomeOwnership.ClaimAsync(_home, HomeUse.Train, "serve", _ => { }, CancellationToken.None);

        using var owned = claim.Lock;
        Assert.NotNull(owned);
        Assert.Equal(new HomeOwner(Environment.ProcessId, "serve", HomeUse.Train), HomeOwner.Read(_home));
    }

    [Fact]
    public async Task Claim_WhileATrainingOwnerServes_MakesTheCommandItsClient()
    {
        using var owned = HomeLock.TryAcquire(_home)!;
        var owner = new HomeOwner(Environment.ProcessId, "run", HomeUse.Train, SiloPort: 40001, GatewayPort: 40002);
        owned.Record(owner);

        var claim = await HomeOwnership.ClaimAsync(_home, HomeUse.Inspect, "status", _ => { }, CancellationToken.None);

        Assert.Null(claim.Lock);
        Assert.Equal(owner, claim.Owner);
    }

    [Fact]
    public async Task Claim_WaitsForAnOwnerThatOnlyInspects_AndTakesTheHomeWhenItLetsGo()
    {
        var owned = HomeLock.TryAcquire(_home)!;
        owned.Record(new HomeOwner(Environment.ProcessId, "status", HomeUse.Inspect, SiloPort: 40001, GatewayPort: 40002));
        var waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var claiming = HomeOwnership.ClaimAsync(_home, HomeUse.Train, "run", waiting.SetResult, CancellationToken.None);
        Assert.Contains("zsweep status", await waiting.Task);
        Assert.False(claiming.IsCompleted);
        owned.Dispose();

        using var claimed = (await claiming).Lock;
        Assert.NotNull(claimed);
    }

    [Fact]
    public void ReadOnlyCommandOnAFolderWithoutSweeps_SaysSoInOneLine_AndCreatesNothing()
    {
        var result = Zsweep.Run("status", "demo", "--home", _home);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("holds no sweeps", result.Output);
        Assert.Empty(Directory.GetFileSystemEntries(_home));
    }
}
