namespace ZImageSweep.Engine.TinyModels;

/// <summary>
/// GPT-2's reversible byte → printable character map used by byte-level BPE vocabularies (Qwen2/Qwen3 included):
/// printable Latin-1 bytes stand for themselves, the other 68 bytes take the characters U+0100 onwards in byte
/// order. <see cref="VocabularyOrder"/> is the order GPT-2-style vocabularies give the 256 byte tokens ids 0–255.
/// </summary>
public static class ByteLevelAlphabet
{
    /// <summary>Character for each byte value.</summary>
    public static IReadOnlyList<char> Symbols { get; } = BuildSymbols();

    /// <summary>Byte values in id order: the printable ranges first, then the remapped bytes.</summary>
    public static IReadOnlyList<byte> VocabularyOrder { get; } =
        Enumerable.Range(0, 256).Where(IsPrintable).Concat(Enumerable.Range(0, 256).Where(b => !IsPrintable(b))).Select(b => (byte)b).ToList();

    /// <summary>A piece of text as byte symbols: its UTF-8 bytes, each mapped through <see cref="Symbols"/>.</summary>
    public static string Encode(string text) =>
        string.Concat(System.Text.Encoding.UTF8.GetBytes(text).Select(b => Symbols[b]));

    static bool IsPrintable(int b) => b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;

    static char[] BuildSymbols()
    {
        var symbols = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) symbols[b] = IsPrintable(b) ? (char)b : (char)next++;
        return symbols;
    }
}
