using System.Text;
using System.Text.Json.Nodes;
using ZImageSweep.Engine.Text;

namespace ZImageSweep.Engine.Tests.Text;

/// <summary>Tokenizer behaviour on a tiny tokenizer.json (the real one is covered by the reference cases).</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class Qwen3TokenizerTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-tok-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    Qwen3Tokenizer Tiny(JsonObject? json = null) => Qwen3Tokenizer.FromFile(TinyTokenizerJson.Write(_dir, json));

    static int[] Bytes(string s) => Encoding.UTF8.GetBytes(s).Select(b => TinyTokenizerJson.ByteId(b)).ToArray();

    [Fact]
    public void Merges_AreAppliedByRank()
    {
        // h e l l o → he l l o → he ll o → hell o; " w" → Ġw
        Assert.Equal([TinyTokenizerJson.Hell, .. Bytes("o"), TinyTokenizerJson.SpaceW, .. Bytes("orld")], Tiny().Encode("hello world"));
    }

    [Fact]
    public void SpecialTokensInsideText_AreMatchedWhole()
    {
        Assert.Equal([.. Bytes("a"), TinyTokenizerJson.ImStart, .. Bytes("b"), TinyTokenizerJson.ImEnd, TinyTokenizerJson.EndOfText],
            Tiny().Encode("a<|im_start|>b<|im_end|><|endoftext|>"));
        // An incomplete special token is ordinary text.
        Assert.Equal(Bytes("<|im_start"), Tiny().Encode("<|im_start"));
    }

    [Fact]
    public void DecomposedAccents_AreNfcNormalisedFirst()
    {
        Assert.Equal(Bytes("\u00e9"), Tiny().Encode("e\u0301"));
    }

    [Fact]
    public void MissingFile_IsAnErrorNamingTheFile()
    {
        string path = Path.Combine(_dir, "nope", "tokenizer.json");
        var e = Assert.Throws<TokenizerFormatException>(() => Qwen3Tokenizer.FromFile(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void TruncatedJson_IsAnErrorNamingTheFile()
    {
        string path = TinyTokenizerJson.Write(_dir);
        string text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);
        var e = Assert.Throws<TokenizerFormatException>(() => Qwen3Tokenizer.FromFile(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("malformed JSON", e.Message);
    }

    [Theory]
    [InlineData("model.type", "model.type")]
    [InlineData("merges", "merges")]
    [InlineData("pre_tokenizer", "pre_tokenizer")]
    [InlineData("normalizer", "normalizer")]
    [InlineData("lstrip", "lstrip")]
    public void UnsupportedOrBrokenParts_AreErrorsNamingFileAndPart(string part, string expectedInMessage)
    {
        JsonObject json = TinyTokenizerJson.Build();
        switch (part)
        {
            case "model.type": json["model"]!["type"] = "WordPiece"; break;
            case "merges": json["model"]!["merges"]!.AsArray().Add(JsonValue.Create(42)); break;
            case "pre_tokenizer": json["pre_tokenizer"] = new JsonObject { ["type"] = "Whitespace" }; break;
            case "normalizer": json["normalizer"] = new JsonObject { ["type"] = "NFKC" }; break;
            case "lstrip": json["added_tokens"]![0]!["lstrip"] = true; break;
        }
        string path = TinyTokenizerJson.Write(_dir, json);
        var e = Assert.Throws<TokenizerFormatException>(() => Qwen3Tokenizer.FromFile(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expectedInMessage, e.Message);
    }

    [Fact]
    public void TheTemplate_IsTheZImageOne()
    {
        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", ZImagePromptTemplate.Apply("Hi"));
    }

    [Fact]
    public void LongPrompt_IsTruncatedTo512FromTheRight_LosingTheTemplateSuffix()
    {
        var tokenizer = new ZImagePromptTokenizer(Tiny());
        // "<|im_start|>" "user" "\n" = 1 + 4 + 1 tokens with the tiny vocabulary; each "x" then is one token.
        int[] prefix = [TinyTokenizerJson.ImStart, .. Bytes("user\n")];
        int[] ids = tokenizer.Tokenize(new string('x', 1000));
        Assert.Equal(ZImagePromptTokenizer.MaxSequenceLength, ids.Length);
        Assert.Equal(prefix, ids[..prefix.Length]);
        Assert.All(ids[prefix.Length..], id => Assert.Equal(Bytes("x")[0], id));
        Assert.DoesNotContain(TinyTokenizerJson.ImEnd, ids);
    }

    [Fact]
    public void PromptThatFitsExactly_KeepsTheWholeTemplate()
    {
        var tokenizer = new ZImagePromptTokenizer(Tiny());
        int templateTokens = tokenizer.Tokenize("").Length;
        int[] ids = tokenizer.Tokenize(new string('x', ZImagePromptTokenizer.MaxSequenceLength - templateTokens));
        Assert.Equal(ZImagePromptTokenizer.MaxSequenceLength, ids.Length);
        Assert.Equal([.. Bytes("assistant\n")], ids[^10..]);
        Assert.Equal(TinyTokenizerJson.ImStart, ids[^11]);
    }

    [Fact]
    public void Batch_IsRightPaddedWithEndOfTextAndMasked()
    {
        var tokenizer = new ZImagePromptTokenizer(Tiny());
        TokenBatch batch = tokenizer.TokenizeBatch(["hello", ""]);
        int[] first = tokenizer.Tokenize("hello"), second = tokenizer.Tokenize("");
        Assert.Equal((2, first.Length), (batch.Batch, batch.Length));
        Assert.Equal([first.Length, second.Length], batch.Lengths);
        Assert.Equal(first.Select(i => (long)i), batch.Ids[..first.Length]);
        Assert.Equal(second.Select(i => (long)i), batch.Ids[first.Length..(first.Length + second.Length)]);
        Assert.All(batch.Ids[(first.Length + second.Length)..], id => Assert.Equal(TinyTokenizerJson.EndOfText, id));
        long[] mask = batch.Mask();
        Assert.Equal(first.Length + second.Length, mask.Sum());
        Assert.Equal(0, mask[^1]);
    }
}
