namespace LlmLang.Grammar.Matching;

/// <summary>
/// A set of token positions of a <see cref="TokenTrie"/> (one bit per position in <see cref="TokenTrie.Ids"/>; a
/// trie subtree is a range there) that keeps its size and the words it touched, so the sparse sets most mask-cache
/// entries build are counted, scanned and cleared without reading every word.
/// </summary>
internal sealed class TriePositionSet(int positions)
{
    /// <summary>Positions the set can hold (the trie's token count).</summary>
    public int Capacity { get; } = positions;

    /// <summary>The bits, 64 positions per word.</summary>
    public ulong[] Words { get; } = new ulong[(positions + 63) / 64];

    /// <summary>Positions in the set.</summary>
    public int Count { get; private set; }

    /// <summary>The lowest word with a bit set (int.MaxValue when empty).</summary>
    public int LowWord { get; private set; } = int.MaxValue;

    /// <summary>The highest word with a bit set (-1 when empty).</summary>
    public int HighWord { get; private set; } = -1;

    /// <summary>Adds positions <paramref name="from"/> .. <paramref name="to"/> (exclusive), none of them in the set yet.</summary>
    public void AddRange(int from, int to)
    {
        if (from >= to) return;
        Count += to - from;
        LowWord = Math.Min(LowWord, from >> 6);
        HighWord = Math.Max(HighWord, (to - 1) >> 6);
        for (int p = from; p < to;)
        {
            if ((p & 63) == 0 && to - p >= 64)
            {
                Words[p >> 6] = ulong.MaxValue;
                p += 64;
            }
            else
            {
                Words[p >> 6] |= 1UL << (p & 63);
                p++;
            }
        }
    }

    /// <summary>
    /// The token ids at the set's positions (<paramref name="ids"/>: the trie's ids by position) as a bitmask of
    /// <paramref name="words"/> words, scattering whichever side is smaller: the positions in the set, or the text
    /// tokens (<paramref name="textBits"/>) not in it.
    /// </summary>
    public uint[] ToIdBits(int[] ids, uint[] textBits, int words)
    {
        var bits = new uint[words];
        bool complement = Count > ids.Length / 2;
        if (complement) textBits.CopyTo(bits, 0);
        int first = complement ? 0 : LowWord, last = complement ? Words.Length - 1 : HighWord;
        for (int w = first; w <= last; w++)
        {
            ulong word = complement ? ~Words[w] : Words[w];
            for (; word != 0; word &= word - 1)
            {
                int p = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                if (p >= ids.Length) break;
                int id = ids[p];
                if (complement) bits[id >> 5] &= ~(1u << (id & 31));
                else bits[id >> 5] |= 1u << (id & 31);
            }
        }
        return bits;
    }

    /// <summary>Empties the set, clearing only the words it touched.</summary>
    public void Clear()
    {
        if (HighWord >= LowWord) Array.Clear(Words, LowWord, HighWord - LowWord + 1);
        (Count, LowWord, HighWord) = (0, int.MaxValue, -1);
    }
}
