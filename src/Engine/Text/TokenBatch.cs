namespace ZImageSweep.Engine.Text;

/// <summary>
/// Right-padded token ids of several sequences, row-major (B, L), with the valid length of each row; the attention
/// mask is <c>position &lt; Lengths[b]</c>.
/// </summary>
public sealed record TokenBatch(long[] Ids, int Batch, int Length, int[] Lengths)
{
    public static TokenBatch FromSequences(IReadOnlyList<int[]> sequences, int padId)
    {
        if (sequences.Count == 0) throw new ArgumentException("at least one sequence is needed", nameof(sequences));
        if (sequences.FirstOrDefault(s => s.Length == 0) is not null)
            throw new ArgumentException("every sequence needs at least one token", nameof(sequences));
        int length = sequences.Max(s => s.Length);
        var ids = new long[sequences.Count * length];
        Array.Fill(ids, padId);
        for (int b = 0; b < sequences.Count; b++)
            for (int t = 0; t < sequences[b].Length; t++) ids[b * length + t] = sequences[b][t];
        return new TokenBatch(ids, sequences.Count, length, sequences.Select(s => s.Length).ToArray());
    }

    /// <summary>1 for valid tokens, 0 for padding, row-major (B, L).</summary>
    public long[] Mask()
    {
        var mask = new long[Batch * Length];
        for (int b = 0; b < Batch; b++) Array.Fill(mask, 1L, b * Length, Lengths[b]);
        return mask;
    }
}
