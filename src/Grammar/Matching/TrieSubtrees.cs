using System.Runtime.CompilerServices;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// Per trie node: the end of its subtree's slice of <see cref="TokenTrie.Ids"/> and the set of byte values occurring
/// anywhere below it. A walk in a state that loops on every one of those bytes accepts the whole subtree at once
/// (string bodies, free text), so mask entries cost far less than one step per trie node. Built once per trie.
/// </summary>
internal sealed class TrieSubtrees
{
    private static readonly ConditionalWeakTable<TokenTrie, TrieSubtrees> ByTrie = new();

    private TrieSubtrees(TokenTrie trie)
    {
        int count = trie.NodeCount;
        SubtreeEnd = new int[count];
        Height = new int[count];
        Bytes = new ulong[count * 4];
        // Children are numbered after their parent, so a reverse pass sees every child before its parent.
        for (int n = count - 1; n >= 0; n--)
        {
            int end = trie.TokenEnd[n];
            for (int c = trie.FirstChild[n]; c >= 0; c = trie.NextSibling[c])
            {
                end = Math.Max(end, SubtreeEnd[c]);
                Height[n] = Math.Max(Height[n], Height[c] + 1);
                byte label = trie.Label[c];
                Bytes[n * 4 + (label >> 6)] |= 1UL << (label & 63);
                for (int k = 0; k < 4; k++) Bytes[n * 4 + k] |= Bytes[c * 4 + k];
            }
            SubtreeEnd[n] = Math.Max(end, trie.TokenStart[n]);
        }
        Utf8Valid = new byte[count];
        for (int n = count - 1; n >= 0; n--)
        {
            int valid = 0xFF;
            for (int c = trie.FirstChild[n]; c >= 0 && valid != 0; c = trie.NextSibling[c])
                for (int state = 0; state < 8; state++)
                    if ((valid >> state & 1) != 0 && (Utf8Step(state, trie.Label[c]) is var next && (next < 0 || (Utf8Valid[c] >> next & 1) == 0)))
                        valid &= ~(1 << state);
            Utf8Valid[n] = (byte)valid;
        }
        TextBits = new uint[trie.Ids.Length == 0 ? 0 : (trie.Ids.Max() >> 5) + 1];
        foreach (int id in trie.Ids) TextBits[id >> 5] |= 1u << (id & 31);
    }

    /// <summary>
    /// Bit s of node n: every byte string below n is well-formed UTF-8 (possibly cut short at its end) when read from
    /// UTF-8 state s; bit 0 is the state at a character boundary (see <see cref="Utf8Step"/>).
    /// </summary>
    public byte[] Utf8Valid { get; }

    /// <summary>
    /// The UTF-8 well-formedness automaton: 0 at a character boundary, 1–3 expecting that many continuation bytes,
    /// 4–7 after the lead bytes E0, ED, F0, F4 (whose second byte is restricted). -1: ill-formed.
    /// </summary>
    public static int Utf8Step(int state, byte b) => state switch
    {
        0 => b switch
        {
            < 0x80 => 0,
            >= 0xC2 and <= 0xDF => 1,
            0xE0 => 4,
            0xED => 5,
            >= 0xE1 and <= 0xEF => 2,
            0xF0 => 6,
            0xF4 => 7,
            >= 0xF1 and <= 0xF3 => 3,
            _ => -1,
        },
        1 or 2 or 3 => b is >= 0x80 and <= 0xBF ? state - 1 : -1,
        4 => b is >= 0xA0 and <= 0xBF ? 1 : -1,
        5 => b is >= 0x80 and <= 0x9F ? 1 : -1,
        6 => b is >= 0x90 and <= 0xBF ? 2 : -1,
        _ => b is >= 0x80 and <= 0x8F ? 2 : -1,
    };

    /// <summary>Every text token id as a bitmask (as long as needed for the largest id).</summary>
    public uint[] TextBits { get; }

    /// <summary>Tokens in node n's subtree, itself included, are Ids[TokenStart[n] .. SubtreeEnd[n]).</summary>
    public int[] SubtreeEnd { get; }

    /// <summary>The most bytes below node n (0 for a leaf).</summary>
    public int[] Height { get; }

    /// <summary>256-bit sets (4 words per node) of the bytes on edges below node n.</summary>
    public ulong[] Bytes { get; }

    public static TrieSubtrees Of(TokenTrie trie) => ByTrie.GetValue(trie, t => new TrieSubtrees(t));

    /// <summary>True when every byte below <paramref name="node"/> is in <paramref name="set"/> (4 words).</summary>
    public bool Within(int node, ReadOnlySpan<ulong> set)
    {
        int i = node * 4;
        return (Bytes[i] & ~set[0]) == 0 && (Bytes[i + 1] & ~set[1]) == 0 && (Bytes[i + 2] & ~set[2]) == 0 && (Bytes[i + 3] & ~set[3]) == 0;
    }
}
