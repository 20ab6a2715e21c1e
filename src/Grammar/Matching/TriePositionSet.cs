namespace LlmLang.Grammar.Matching;

/// <summary>
/// A set of token positions of a <see cref="TokenTrie"/> (one bit per position in <see cref="TokenTrie.Ids"/>; a
/// trie subtree is a range there) that keeps the words it touched, so the sparse sets most mask-cache entries build
/// are counted, scanned and cleared without reading every word.
/// </summary>
internal sealed class TriePositionSet(int positions)
{
    private readonly ulong[] _words = new ulong[(positions + 63) / 64];
    // One bit per word that holds a position: an entry's tokens lie in a few scattered subtrees (tokens starting with a
    // quote, a space, a newline …), so scanning from the lowest to the highest word read most of the set.
    private readonly ulong[] _touched = new ulong[((positions + 63) / 64 + 63) / 64];

    /// <summary>Positions the set can hold (the trie's token count).</summary>
    public int Capacity { get; } = positions;

    /// <summary>Positions in the set.</summary>
    public int Count
    {
        get
        {
            int count = 0;
            for (int w = NextTouchedWord(-1); w >= 0; w = NextTouchedWord(w)) count += System.Numerics.BitOperations.PopCount(_words[w]);
            return count;
        }
    }

    /// <summary>Adds positions <paramref name="from"/> .. <paramref name="to"/> (exclusive); some may be in the set already.</summary>
    public void AddRange(int from, int to)
    {
        if (from >= to) return;
        int first = from >> 6, last = (to - 1) >> 6;
        for (int w = first; w <= last; w++) _touched[w >> 6] |= 1UL << (w & 63);
        ulong head = ulong.MaxValue << (from & 63), tail = ulong.MaxValue >> (63 - ((to - 1) & 63));
        if (first == last)
        {
            _words[first] |= head & tail;
            return;
        }
        _words[first] |= head;
        _words.AsSpan(first + 1, last - first - 1).Fill(ulong.MaxValue);
        _words[last] |= tail;
    }

    /// <summary>The positions in the set, in order, mapped through <paramref name="ids"/> (the trie's ids by position)
    /// into <paramref name="target"/>, which holds <see cref="Count"/> of them.</summary>
    public void CopyIds(int[] ids, int[] target)
    {
        int k = 0;
        for (int w = NextTouchedWord(-1); w >= 0; w = NextTouchedWord(w))
            for (ulong word = _words[w]; word != 0; word &= word - 1)
                target[k++] = ids[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word)];
    }

    /// <summary>
    /// The token ids at the set's positions (<paramref name="ids"/>: the trie's ids by position) as a bitmask of
    /// <paramref name="words"/> words, scattering whichever side is smaller: the positions in the set, or the text
    /// tokens (<paramref name="textBits"/>) not in it.
    /// </summary>
    public uint[] ToIdBits(int[] ids, uint[] textBits, int words)
    {
        var bits = new uint[words];
        if (Count > ids.Length / 2)
        {
            textBits.CopyTo(bits, 0);
            for (int w = 0; w < _words.Length; w++)
                for (ulong word = ~_words[w]; word != 0; word &= word - 1)
                {
                    int p = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word);
                    if (p >= ids.Length) break;
                    bits[ids[p] >> 5] &= ~(1u << (ids[p] & 31));
                }
            return bits;
        }
        for (int w = NextTouchedWord(-1); w >= 0; w = NextTouchedWord(w))
            for (ulong word = _words[w]; word != 0; word &= word - 1)
            {
                int id = ids[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word)];
                bits[id >> 5] |= 1u << (id & 31);
            }
        return bits;
    }

    /// <summary>Empties the set, clearing only the words it touched.</summary>
    public void Clear()
    {
        for (int w = NextTouchedWord(-1); w >= 0; w = NextTouchedWord(w)) _words[w] = 0;
        Array.Clear(_touched);
    }

    // The first touched word after word `after` (-1: from the start), or -1 when none.
    private int NextTouchedWord(int after)
    {
        int w = after + 1;
        for (int t = w >> 6; t < _touched.Length; t++)
        {
            ulong bits = t == w >> 6 ? _touched[t] & (ulong.MaxValue << (w & 63)) : _touched[t];
            if (bits != 0) return (t << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
        }
        return -1;
    }
}
