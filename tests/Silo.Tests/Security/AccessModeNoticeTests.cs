using Microsoft.Extensions.Logging;
using ZImageSweep.Silo.Security;

namespace ZImageSweep.Silo.Tests.Security;

[Trait(Tier.Name, Tier.Unit)]
public sealed class AccessModeNoticeTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5180", LogLevel.Information)]
    [InlineData("http://localhost:5180;http://[::1]:5180", LogLevel.Information)]
    [InlineData("http://0.0.0.0:8080", LogLevel.Warning)]
    [InlineData("http://127.0.0.1:5180;http://10.1.2.3:8080", LogLevel.Warning)]
    public async Task TheOpenMode_IsOneLine_AWarningWhereOthersCanReachIt(string urls, LogLevel level)
    {
        using var log = new RecordedLog();
        var notice = new AccessModeNotice(AccessTokens.Load(new AuthOptions()), urls, new Logger<AccessModeNotice>(new LoggerFactory([log])));

        await notice.StartAsync(CancellationToken.None);

        var line = Assert.Single(log.Entries);
        Assert.Equal(level, line.Level);
        Assert.StartsWith($"No access tokens configured: open single-user mode on {urls}", line.Text);
    }
}
