using System.Text;
using LlmLang.Grammar.Vocabulary;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// A small BPE-like vocabulary over <see cref="RandomGrammar.Alphabet"/>: every single byte (so any text can be
/// spelled, and multi-byte characters can be split), every pair of alphabet characters, a few longer pieces, two
/// special tokens (one of them EOS) and an id without text.
/// </summary>
internal static class SmallVocabulary
{
    public const int Eos = 0;
    public const int Control = 1;
    public const int Empty = 2;

    public static TokenVocabulary Create()
    {
        var tokens = new List<byte[]?> { Encoding.UTF8.GetBytes("<eos>"), Encoding.UTF8.GetBytes("<ctl>"), null };
        for (int b = 0; b < 256; b++) tokens.Add([(byte)b]);
        foreach (string x in RandomGrammar.Alphabet)
        foreach (string y in RandomGrammar.Alphabet)
            tokens.Add(Encoding.UTF8.GetBytes(x + y));
        foreach (string piece in new[] { "[[", "]]]", "aaa", "[a]", "a]", "é中a", "ab", "ba" })
            tokens.Add(Encoding.UTF8.GetBytes(piece));
        tokens.Add(Encoding.UTF8.GetBytes("中")[..2]);
        return new TokenVocabulary(tokens, [Control], [Eos], "small");
    }

    /// <summary>EOS (id 0), then every single byte, then <paramref name="pieces"/>: a vocabulary that spells any text.</summary>
    public static TokenVocabulary OfBytesAnd(string name, IEnumerable<byte[]> pieces)
    {
        var tokens = new List<byte[]?> { Encoding.UTF8.GetBytes("<eos>") };
        for (int b = 0; b < 256; b++) tokens.Add([(byte)b]);
        tokens.AddRange(pieces);
        return new TokenVocabulary(tokens, [], [Eos], name);
    }
}
