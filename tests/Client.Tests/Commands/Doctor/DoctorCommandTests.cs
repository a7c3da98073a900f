namespace ZImageSweep.Client.Tests.Commands.Doctor;

[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class DoctorCommandTests
{
    [Fact]
    public void Doctor_OnThisMachine_PassesAndListsTorchSharp()
    {
        var result = Zsweep.Run("doctor");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("TorchSharp", result.Output);
        Assert.Contains("0.107", result.Output);
        Assert.Contains("All checks passed.", result.Output);
    }
}
