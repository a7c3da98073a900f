using ZImageSweep.Engine.Text;

namespace ZImageSweep.Engine.Tests.Text;

/// <summary>The 512-token cap with the real Qwen3 tokenizer.json.</summary>
[Trait(Tier.Name, Tier.Reference)]
public sealed class ZImagePromptTokenizerReferenceTests
{
    [Fact]
    public void OverLongPrompt_KeepsTheFirst512TokensOfTheTemplatedText()
    {
        var tokenizer = new ZImagePromptTokenizer(Qwen3Tokenizer.FromFile(Qwen3TokenizerFiles.TokenizerJsonPath));
        string prompt = string.Join(", ", Enumerable.Range(0, 400).Select(i => $"red fox {i}"));
        IReadOnlyList<int> full = tokenizer.Tokenizer.Encode(ZImagePromptTemplate.Apply(prompt));
        int[] ids = tokenizer.Tokenize(prompt);

        Assert.True(full.Count > 600);
        Assert.Equal(full.Take(512), ids);
        Assert.Equal([151644, 872, 198], ids[..3]);         // <|im_start|> user \n
        Assert.DoesNotContain(151645, ids);                 // <|im_end|> was cut off
        Assert.Equal(new[] { 151644, 872, 198, 9707, 151645, 198, 151644, 77091, 198 }, tokenizer.Tokenize("Hello"));
    }
}
