using System.Reflection;
using System.Reflection.Emit;
using System.Security.Cryptography;
using ZImageSweep.Silo.Security;

namespace ZImageSweep.Silo.Tests.Security;

[Trait(Tier.Name, Tier.Unit)]
public sealed class TokenLinesTests
{
    /// <summary>SHA-256 of the UTF-8 text "a-9d04f6", from coreutils: <c>printf a-9d04f6 | sha256sum</c>.</summary>
    const string AdminTokenSha256 = "1145ef90ac371650bd5474d8f4f3e9e8ab822cc1dfc0e346a3efff155f9860a3";

    static IReadOnlyList<TokenEntry> Parse(params string[] lines) => TokenLines.Parse(lines.Select((text, i) => ($"tokens:{i + 1}", text)));

    [Fact]
    public void PlainAndHashedTokens_GetTheirRoles_CommentsAndBlankLinesAreSkipped()
    {
        var tokens = new AccessTokens(Parse("# lab tokens", "", "viewer: v-1c9e2d ", "operator:o-5b7a31", $"admin:sha256:{AdminTokenSha256.ToUpperInvariant()}"), null);

        Assert.Equal(AccessRole.Viewer, tokens.RoleOf("v-1c9e2d"));
        Assert.Equal(AccessRole.Operator, tokens.RoleOf("o-5b7a31"));
        Assert.Equal(AccessRole.Admin, tokens.RoleOf("a-9d04f6"));
        Assert.Null(tokens.RoleOf("a-9d04f7"));
        Assert.Null(tokens.RoleOf(AdminTokenSha256)); // the digest is not itself a token
        Assert.False(tokens.IsOpen);
        Assert.Equal("1 viewer, 1 operator, 1 admin", tokens.Describe());
    }

    [Theory]
    [InlineData("reader:r-1", "tokens:3: unknown role 'reader'; use one of viewer, operator, admin")]
    [InlineData("viewer:", "tokens:3: the viewer token is empty")]
    [InlineData("viewer:   ", "tokens:3: the viewer token is empty")]
    [InlineData("just-a-token", "tokens:3: expected role:token or role:sha256:<hex>")]
    [InlineData("admin:sha256:12ab", "tokens:3: sha256: must be followed by 64 hex digits")]
    [InlineData("admin:sha256:zz45ef90ac371650bd5474d8f4f3e9e8ab822cc1dfc0e346a3efff155f9860a3", "tokens:3: sha256: must be followed by 64 hex digits")]
    [InlineData("admin:o-5b7a31", "tokens:3: the same token as tokens:2")]
    [InlineData($"admin:sha256:d8cf46d88049440119b8d95901cb0dfe96c33dd6aa83f87a87a97ce7ea6cb86a", "tokens:3: the same token as tokens:2")] // sha256 of o-5b7a31
    public void AMalformedLine_IsNamedWithWhatIsWrong(string line, string message)
    {
        var error = Assert.Throws<TokensFileException>(() => Parse("# header", "operator:o-5b7a31", line));

        Assert.StartsWith(message, error.Message);
        Assert.Equal("tokens:3", error.Location);
    }

    [Fact]
    public void ATokensFile_NamesItsLinesByPathAndNumber()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["viewer:v-1", "# comment", "", "guest:g-1"]);
            var error = Assert.Throws<TokensFileException>(() => AccessTokens.Load(new AuthOptions { TokensFile = file }));
            Assert.StartsWith($"{file}:4: unknown role 'guest'", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void AMissingTokensFile_IsNamed() =>
        Assert.StartsWith("/nonexistent/tokens: cannot read the tokens file",
            Assert.Throws<TokensFileException>(() => AccessTokens.Load(new AuthOptions { TokensFile = "/nonexistent/tokens" })).Message);

    [Fact]
    public void ConfiguredTokenLines_AreNamedByTheirKey() =>
        Assert.StartsWith("Auth:Tokens:1: unknown role 'root'",
            Assert.Throws<TokensFileException>(() => AccessTokens.Load(new AuthOptions { Tokens = ["viewer:v-1", "root:r-1"] })).Message);

    [Fact]
    public void NoToken_IsTheOpenMode()
    {
        var tokens = AccessTokens.Load(new AuthOptions());
        Assert.True(tokens.IsOpen);
        Assert.False(tokens.ProtectsMetrics);
    }

    /// <summary>
    /// Both comparisons of a presented token go through <see cref="CryptographicOperations.FixedTimeEquals"/>, and
    /// nothing else compares bytes there (no SequenceEqual, no early-exit loop): read from the methods' IL, since a
    /// timing difference of a few nanoseconds cannot be measured reliably in a test.
    /// </summary>
    [Theory]
    [InlineData(nameof(AccessTokens.RoleOf))]
    [InlineData(nameof(AccessTokens.IsMetricsToken))]
    public void PresentedTokens_AreComparedInConstantTime(string method)
    {
        var called = CalledMethods(typeof(AccessTokens).GetMethod(method)!);

        Assert.Contains(called, m => m.DeclaringType == typeof(CryptographicOperations) && m.Name == nameof(CryptographicOperations.FixedTimeEquals));
        Assert.DoesNotContain(called, m => m.Name is "SequenceEqual" or "Equals" or "op_Equality" or "CompareTo");
    }

    static List<MethodBase> CalledMethods(MethodInfo method)
    {
        byte[] il = method.GetMethodBody()!.GetILAsByteArray()!;
        var called = new List<MethodBase>();
        for (int i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != OpCodes.Call.Value && il[i] != OpCodes.Callvirt.Value) continue;
            try
            {
                if (method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1), method.DeclaringType!.GetGenericArguments(), null) is { } target)
                    called.Add(target);
            }
            catch (ArgumentException)
            {
                // An operand byte that happens to equal a call opcode: not a method token.
            }
        }
        return called;
    }
}
