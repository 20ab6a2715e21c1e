namespace LlmLang.Grammar.Automata;

/// <summary>
/// Splits a range of Unicode scalar values into sequences of byte ranges whose concatenations are exactly the UTF-8
/// encodings of the range (surrogates excluded), so character classes become byte-level automata.
/// </summary>
internal static class Utf8Sequences
{
    private static readonly int[] LengthEnds = [0x7F, 0x7FF, 0xFFFF, 0x10FFFF];

    /// <summary>Calls <paramref name="emit"/> with each sequence (one (lo, hi) byte range per encoded byte).</summary>
    public static void Split(int first, int last, Action<(byte Lo, byte Hi)[]> emit)
    {
        if (first <= 0xD7FF) SplitByLength(first, Math.Min(last, 0xD7FF), emit);
        if (last >= 0xE000) SplitByLength(Math.Max(first, 0xE000), Math.Min(last, 0x10FFFF), emit);
    }

    private static void SplitByLength(int first, int last, Action<(byte, byte)[]> emit)
    {
        for (int n = 0; n < LengthEnds.Length && first <= last; n++)
        {
            if (first > LengthEnds[n]) continue;
            int end = Math.Min(last, LengthEnds[n]);
            SplitAligned(first, end, n + 1, emit);
            first = end + 1;
        }
    }

    // Splits until every continuation-byte position spans its full 0x80..0xBF range wherever a higher byte varies.
    private static void SplitAligned(int first, int last, int length, Action<(byte, byte)[]> emit)
    {
        if (first > last) return;
        for (int i = 1; i < length; i++)
        {
            int low = (1 << (6 * i)) - 1;
            if ((first & ~low) == (last & ~low)) continue;
            if ((first & low) != 0)
            {
                SplitAligned(first, first | low, length, emit);
                SplitAligned((first | low) + 1, last, length, emit);
                return;
            }
            if ((last & low) != low)
            {
                SplitAligned(first, (last & ~low) - 1, length, emit);
                SplitAligned(last & ~low, last, length, emit);
                return;
            }
        }
        Span<byte> a = stackalloc byte[4], b = stackalloc byte[4];
        new System.Text.Rune(first).EncodeToUtf8(a);
        new System.Text.Rune(last).EncodeToUtf8(b);
        var sequence = new (byte, byte)[length];
        for (int k = 0; k < length; k++) sequence[k] = (a[k], b[k]);
        emit(sequence);
    }
}
