using System.Text.Json;
using ZImageSweep.Engine.ModelConfigFiles;

namespace ZImageSweep.Engine.Tests.Configuration;

[Trait(Tier.Name, Tier.Unit)]
public sealed class JsonConfigReaderTests
{
    readonly JsonConfigReader _reader = new("vae/config.json");

    static JsonElement Value(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("\"16\"", "an integer")]
    [InlineData("2.5", "an integer")]
    [InlineData("null", "an integer")]
    [InlineData("4294967296", "an integer")]
    public void WrongType_NamesSourceKeyAndTheValueAsWritten(string json, string expected)
    {
        var e = Assert.Throws<ModelConfigException>(() => _reader.Int("latent_channels", Value(json)));

        Assert.Equal(("vae/config.json", "latent_channels"), (e.ConfigSource, e.Key));
        Assert.Equal($"vae/config.json: 'latent_channels': expected {expected}, found {json}", e.Message);
    }

    [Fact]
    public void ListElementOfWrongType_NamesTheListKey()
    {
        var e = Assert.Throws<ModelConfigException>(() => _reader.IntList("block_out_channels", Value("[128, \"256\"]")));
        Assert.Equal("block_out_channels", e.Key);
        Assert.Contains("found \"256\"", e.Message);
        Assert.Equal(["a", "b"], _reader.StringList("types", Value("[\"a\", \"b\"]")));
    }

    [Fact]
    public void TypedReads_ReturnTheValues()
    {
        Assert.Equal(16, _reader.Int("k", Value("16")));
        Assert.Equal(0.3611, _reader.Double("k", Value("0.3611")));
        Assert.Equal(2.0, _reader.Double("k", Value("2")));
        Assert.False(_reader.Bool("k", Value("false")));
        Assert.Equal("silu", _reader.String("k", Value("\"silu\"")));
    }

    [Theory]
    [InlineData("{ \"a\": ", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object, found Array")]
    public void BadDocument_IsAnErrorWithoutKey(string json, string reason)
    {
        var e = Assert.Throws<ModelConfigException>(() => _reader.ParseObject(json));
        Assert.Null(e.Key);
        Assert.StartsWith("vae/config.json: ", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void TrailingCommas_AreAnErrorUnlessAllowed()
    {
        const string json = """{"a": 1,}""";
        Assert.Throws<ModelConfigException>(() => _reader.ParseObject(json));
        Assert.Equal(1, _reader.ParseObject(json, allowTrailingCommas: true).GetProperty("a").GetInt32());
        Assert.Equal(1, _reader.ParseObject("{\"a\": 1,}"u8.ToArray(), allowTrailingCommas: true).GetProperty("a").GetInt32());
    }
}
