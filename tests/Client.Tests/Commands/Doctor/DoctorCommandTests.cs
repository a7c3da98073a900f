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
        // The test build carries the NuGet CPU libtorch, unless the developer names another one.
        string reason = string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ZSWEEP_LIBTORCH")) ? "the libtorch this build carries (-p:LibTorch=cpu)" : "named by ZSWEEP_LIBTORCH";
        Assert.Matches(@"libtorch choice\s*│\s*" + System.Text.RegularExpressions.Regex.Escape(reason), result.Output);
    }
}
