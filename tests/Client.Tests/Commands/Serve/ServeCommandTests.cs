namespace ZImageSweep.Client.Tests.Commands.Serve;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ServeCommandTests
{
    [Fact]
    public void ServeWithAHomeThatIsNoFolder_FailsValidation_BeforeStartingASilo()
    {
        string home = Path.Combine(Path.GetTempPath(), $"zsweep-no-such-home-{Guid.NewGuid():N}");

        var result = Zsweep.Run("serve", "--home", home);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not a folder", result.Output);
    }
}
