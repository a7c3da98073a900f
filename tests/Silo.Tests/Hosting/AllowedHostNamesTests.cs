using ZImageSweep.Silo.Hosting;

namespace ZImageSweep.Silo.Tests.Hosting;

[Trait(Tier.Name, Tier.Unit)]
public sealed class AllowedHostNamesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5180", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://localhost:0", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://[::1]:8080;http://127.0.0.1:8080", "localhost;127.0.0.1;[::1]")]
    [InlineData("http://sweeps.lab.example:80/", "sweeps.lab.example")]
    [InlineData("http://10.1.2.3:8080; http://127.0.0.1:8080", "10.1.2.3;localhost;127.0.0.1;[::1]")]
    [InlineData("http://0.0.0.0:8080", "*")]
    [InlineData("http://[::]:8080", "*")]
    [InlineData("http://*:8080", "*")]
    [InlineData("http://+:8080", "*")]
    public void TheListenAddresses_DecideTheHostNamesServed(string urls, string allowed) =>
        Assert.Equal(allowed, AllowedHostNames.For(urls));
}
