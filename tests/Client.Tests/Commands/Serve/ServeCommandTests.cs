using System.Net;
using System.Net.Sockets;

namespace ZImageSweep.Client.Tests.Commands.Serve;

[Trait(Tier.Name, Tier.Unit)]
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

    [Fact]
    public void ServeOnAPortInUse_IsOneLineAndExit1_BeforeStartingASilo()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        string home = Directory.CreateTempSubdirectory("zsweep-serve-port-").FullName;
        try
        {
            var result = Zsweep.Run("serve", "--home", home, "--urls", $"http://127.0.0.1:{port}");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"error: http://127.0.0.1:{port}: the port is in use (another zsweep serve or silo?); choose another with --urls", result.Output.Trim());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void ServeWithAMalformedTokensFile_IsOneLineNamingTheLine_AndExit2()
    {
        string home = Directory.CreateTempSubdirectory("zsweep-serve-tokens-").FullName;
        string tokens = Path.Combine(home, "tokens");
        try
        {
            File.WriteAllLines(tokens, ["# lab", "viewer:v-1", "superuser:s-1"]);

            var result = Zsweep.Run("serve", "--home", home, "--urls", "http://127.0.0.1:0", "--tokens-file", tokens);

            Assert.Equal(2, result.ExitCode); // input: the user's file
            Assert.Equal($"error: {tokens}:3: unknown role 'superuser'; use one of viewer, operator, admin", result.Output.Trim());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
