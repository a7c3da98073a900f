namespace ZImageSweep.Client.Tests.Commands.Serve;

[Trait("Tier", "Unit")]
public sealed class ServeCommandTests
{
    [Fact]
    public void ServeWithAHomeThatIsNoFolder_FailsValidation_BeforeStartingASilo()
    {
        string home = Path.Combine(Path.GetTempPath(), $"zsweep-no-such-home-{Guid.NewGuid():N}");

        var result = Zsweep.Run("serve", "--home", home);

        Assert.Equal(2, result.ExitCode); // input: a usage error
        Assert.Contains("is not a folder", result.Output);
    }
}
