using System.Text.RegularExpressions;
using ZImageSweep.Engine.Runtime;
using ZImageSweep.Engine.Text;
using ZImageSweep.Engine.TinyModels;

namespace ZImageSweep.Engine.Tests.TinyModels;

[Trait(Tier.Name, Tier.Unit)]
public sealed class TinyTokenizerTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("zsweep-tinytok-").FullName;

    public TinyTokenizerTests() => LibTorchLoader.EnsureLoaded();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    Qwen3Tokenizer Load(TinyTokenizer tiny)
    {
        string path = Path.Combine(_dir, "tokenizer.json");
        File.WriteAllText(path, TinyModelJson.Serialize(tiny.TokenizerJson()));
        return Qwen3Tokenizer.FromFile(path);
    }

    [Fact]
    public void Trainer_MergesTheMostFrequentPairFirst_AndStopsBelowTwoOccurrences()
    {
        // Pieces "abab" ×2 and "abc" ×1: (a, b) occurs 5 times, then (ab, ab) twice, then (ab, c) only once.
        var merges = BpeTrainer.Learn("abab abab abc", new Regex(@"\w+|\s+"), maxMerges: 10);
        Assert.Equal([("a", "b"), ("ab", "ab")], merges);
    }

    [Fact]
    public void Trainer_StopsAtTheMergeLimit() =>
        Assert.Equal(3, BpeTrainer.Learn(TinyCorpus.Text, new Regex(TinyTokenizer.QwenPattern), maxMerges: 3).Count);

    [Fact]
    public void SpecialTokens_FollowTheVocabulary_InQwensOrder()
    {
        TinyTokenizer tiny = TinyTokenizer.Learn();
        Qwen3Tokenizer tokenizer = Load(tiny);

        Assert.Equal(TinyTokenizer.DefaultMerges, tiny.Merges.Count);
        Assert.Equal(256 + 300 + 3, tokenizer.VocabularySize);
        Assert.Equal(556, tokenizer.AddedTokenId("<|endoftext|>"));
        Assert.Equal(557, tokenizer.AddedTokenId("<|im_start|>"));
        Assert.Equal(558, tokenizer.AddedTokenId("<|im_end|>"));
    }

    [Fact]
    public void Prompts_SplitIntoWordSizedPieces_AndTheTemplateIntoItsSpecialTokens()
    {
        Qwen3Tokenizer tokenizer = Load(TinyTokenizer.Learn());

        // Corpus words are whole tokens: "A", " photo", " of", " a", " cat".
        Assert.Equal(5, tokenizer.Encode("A photo of a cat").Count);
        // Unseen text still encodes, byte by byte at worst.
        Assert.InRange(tokenizer.Encode("zebra ✓").Count, 2, 9);
        var ids = new ZImagePromptTokenizer(tokenizer).Tokenize("a red car");
        Assert.Equal(tokenizer.AddedTokenId("<|im_start|>"), ids[0]);
        Assert.Equal(2, ids.Count(id => id == tokenizer.AddedTokenId("<|im_start|>")));
        Assert.Equal(1, ids.Count(id => id == tokenizer.AddedTokenId("<|im_end|>")));
        Assert.All(ids, id => Assert.InRange(id, 0, tokenizer.VocabularySize - 1));
    }
}
