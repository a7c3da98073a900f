using ZImageSweep.Engine.Text;

namespace ZImageSweep.Engine.Tests.Text;

/// <summary>Every case of <c>qwen3_tokenizer/cases.json</c>, with the real Qwen3 tokenizer.json.</summary>
[Trait(Tier.Name, Tier.Reference)]
public sealed class Qwen3TokenizerReferenceTests
{
    static readonly Lazy<Qwen3Tokenizer> Tokenizer = new(() => Qwen3Tokenizer.FromFile(Qwen3TokenizerFiles.TokenizerJsonPath));

    public static TheoryData<TokenizerCase> Cases => Qwen3TokenizerFiles.Cases();

    [Theory, MemberData(nameof(Cases))]
    public void TemplatedPrompt_GivesExactlyTheReferenceIds(TokenizerCase c)
    {
        Assert.Equal(ZImagePromptTemplate.Apply(c.Prompt), c.Templated);
        Assert.Equal(c.Ids, Tokenizer.Value.Encode(c.Templated));
    }

    [Fact]
    public void AllCases_MatchExactly_Summary()
    {
        var cases = Qwen3TokenizerFiles.AllCases;
        int exact = cases.Count(c => Tokenizer.Value.Encode(c.Templated).SequenceEqual(c.Ids));
        Console.WriteLine($"[reference] qwen3 tokenizer: {exact}/{cases.Count} cases exact");
        TestContext.Current.SendDiagnosticMessage($"qwen3 tokenizer: {exact}/{cases.Count} cases exact");
        Assert.Equal(cases.Count, exact);
        Assert.True(cases.Count > 0);
    }
}
