using System.Runtime.CompilerServices;
using LlmLang.Grammar.Vocabulary;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// How many characters each text token adds inside a JSON string, for masks near a counted text's limit
/// (<see cref="StackTokenFilter"/>). A token that stays inside (no quote, backslash or control byte; whole UTF-8) adds
/// one per character: those longer than a count are a bitmask per count (1.6 MB for a 100k vocabulary). The others
/// are listed longest first with the characters before the byte where they may leave; they take a parser. One per
/// trie, built when a grammar with counted text is compiled for it (a few milliseconds), not by a mask.
/// </summary>
internal sealed class StringTokenLengths
{
    private static readonly ConditionalWeakTable<TokenTrie, StringTokenLengths> ByTrie = new();
    private readonly uint[][] _insideLongerThan;

    private StringTokenLengths(TokenTrie trie, TokenVocabulary vocabulary)
    {
        _insideLongerThan = new uint[trie.MaxTokenLength + 1][];
        for (int c = 0; c < _insideLongerThan.Length; c++) _insideLongerThan[c] = new uint[vocabulary.MaskWords];
        var others = new List<(int Id, int Length, int Before)>();
        foreach (int id in trie.Ids)
        {
            var bytes = vocabulary.GetBytes(id);
            int end = bytes.IndexOfAny((byte)'"', (byte)'\\');
            int control = bytes.IndexOfAnyInRange((byte)0, (byte)0x1F);
            if (control >= 0 && (end < 0 || control < end)) end = control;
            // A token that starts or ends inside a character completes one another token started, or leaves one open.
            var prefix = end < 0 ? bytes : bytes[..end];
            bool whole = System.Text.Unicode.Utf8.IsValid(prefix);
            int characters = whole ? Characters(prefix) : 0;
            if (end >= 0 || !whole)
            {
                others.Add((id, bytes.Length, characters));
                continue;
            }
            for (int c = 0; c < characters && c < _insideLongerThan.Length; c++) _insideLongerThan[c][id >> 5] |= 1u << (id & 31);
        }
        OthersLongestFirst = others.OrderByDescending(t => t.Length).ToArray();
    }

    /// <summary>The lengths for the vocabulary of <paramref name="trie"/>.</summary>
    public static StringTokenLengths Of(TokenTrie trie, TokenVocabulary vocabulary) => ByTrie.GetValue(trie, t => new StringTokenLengths(t, vocabulary));

    /// <summary>Tokens that may leave the string (or hold part of a character), longest first in bytes, with the
    /// characters they add before the first byte that may leave (a lower bound of what they add inside).</summary>
    public (int Id, int Length, int Before)[] OthersLongestFirst { get; }

    /// <summary>The tokens that stay inside a string and add more than <paramref name="characters"/> characters, as a
    /// bitmask over ids (<paramref name="characters"/> at most the longest token's bytes).</summary>
    public uint[] InsideLongerThan(int characters) => _insideLongerThan[characters];

    /// <summary>The characters in UTF-8 <paramref name="bytes"/>, counted by their first bytes: continuation bytes
    /// (10xxxxxx) add none.</summary>
    public static int Characters(ReadOnlySpan<byte> bytes)
    {
        int characters = 0;
        foreach (byte b in bytes)
            if ((b & 0xC0) != 0x80) characters++;
        return characters;
    }
}
