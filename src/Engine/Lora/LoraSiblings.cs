namespace ZImageSweep.Engine.Lora;

/// <summary>
/// Projections that read the same activation: ZImageAttention's q/k/v and FeedForward's w1/w3. Their LoRA down
/// projections run as one product over the stacked A factors (one float32 cast of the input and one GEMM instead of
/// three), computed by whichever sibling runs first and handed to the others.
/// </summary>
static class LoraSiblings
{
    static readonly string[][] Names = [["to_q", "to_k", "to_v"], ["w1", "w3"]];

    /// <summary>The modules among <paramref name="modules"/> that read <paramref name="module"/>'s input, in call order, itself included.</summary>
    public static List<string> Of(string module, IEnumerable<string> modules)
    {
        var (parent, leaf) = Split(module);
        string[]? names = Names.FirstOrDefault(set => set.Contains(leaf));
        if (names is null) return [module];
        return modules.Where(other => Split(other) is var (p, l) && p == parent && names.Contains(l))
            .Distinct(StringComparer.Ordinal).OrderBy(other => Array.IndexOf(names, Split(other).Leaf)).ToList();
    }

    static (string Parent, string Leaf) Split(string module) =>
        module.LastIndexOf('.') is var dot and >= 0 ? (module[..dot], module[(dot + 1)..]) : ("", module);
}
