using System.Globalization;
using System.Text;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// SentencePiece-style BPE (llama2.c, Llama 1/2, GGUF <c>llama</c>): a space is prepended to the text, spaces become
/// U+2581, each character starts as its piece or as byte pieces <c>&lt;0xNN&gt;</c>, then the adjacent pair that forms the
/// piece with the best score merges, leftmost first, until none does. With explicit merges (a SentencePiece-style
/// <c>tokenizer.json</c>) the merge rank decides instead of the score.
/// </summary>
internal sealed class SentencePieceBpeTokenizer : VocabularyTokenizer
{
    private const char SpaceMarker = '\u2581';
    private readonly Dictionary<string, int> _pieces = new(StringComparer.Ordinal);
    private readonly int[] _byteIds = new int[256];
    private readonly PairMerges _merges = new();
    private readonly bool _wordsAreIndependent;
    private readonly WordCache _wordCache = new();

    public SentencePieceBpeTokenizer(TokenizerSpec spec) : base(spec)
    {
        Array.Fill(_byteIds, -1);
        for (int id = 0; id < spec.Tokens.Count; id++)
        {
            TokenType type = spec.Types[id];
            if (type == TokenType.Byte && ParseBytePiece(spec.Tokens[id]) is int value) _byteIds[value] = id;
            else if (type is TokenType.Normal or TokenType.UserDefined) _pieces.TryAdd(spec.Tokens[id], id);
        }
        if (spec.Merges is { } merges) _merges.AddRules(merges, _pieces);
        else AddScoredMerges(spec);
        _wordsAreIndependent = _pieces.Keys.All(p => p.IndexOf(SpaceMarker, 1) < 0 || p.AsSpan().IndexOfAnyExcept(SpaceMarker) < 0);
    }

    /// <summary>The byte of a byte piece <c>&lt;0xNN&gt;</c>, or null if <paramref name="piece"/> is not one.</summary>
    public static int? ParseBytePiece(string piece) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
        && int.TryParse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int value)
            ? value : null;

    protected override byte[] RawBytes(string token, TokenType type) =>
        type == TokenType.Byte && ParseBytePiece(token) is int value
            ? [(byte)value]
            : Encoding.UTF8.GetBytes(token.Replace(SpaceMarker, ' '));

    // Every stretch of text gets the dummy prefix, the first and those after a literal token alike, as llama.cpp and
    // Hugging Face's Prepend normalizer do.
    protected override void EncodePlain(string text, List<int> output)
    {
        if (Spec.RemoveExtraWhitespaces) text = CollapseSpaces(text);
        if (text.Length == 0) return;
        string normalized = (Spec.AddSpacePrefix ? " " + text : text).Replace(' ', SpaceMarker);
        // SentencePiece strips trailing U+2581 after normalizing, literal ones in the input included.
        if (Spec.RemoveExtraWhitespaces) normalized = normalized.TrimEnd(SpaceMarker);
        if (!_wordsAreIndependent)
        {
            EncodeWord(normalized, output);
            return;
        }
        // No piece has U+2581 after its start (other than runs of U+2581), so no merge crosses the start of a word
        // (a U+2581 after something else): words merge independently and their results can be cached.
        int start = 0;
        for (int i = 1; i <= normalized.Length; i++)
        {
            if (i < normalized.Length && (normalized[i] != SpaceMarker || normalized[i - 1] == SpaceMarker)) continue;
            string word = normalized[start..i];
            if (_wordCache.TryGet(word, out int[]? cached)) output.AddRange(cached);
            else
            {
                int before = output.Count;
                EncodeWord(word, output);
                _wordCache.Add(word, output.GetRange(before, output.Count - before).ToArray());
            }
            start = i;
        }
    }

    private void EncodeWord(string normalized, List<int> output)
    {
        var symbols = new List<int>(normalized.Length);
        var lookup = _pieces.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<byte> utf8 = stackalloc byte[4];
        for (int offset = 0; offset < normalized.Length;)
        {
            Rune.DecodeFromUtf16(normalized.AsSpan(offset), out Rune rune, out int chars);
            if (lookup.TryGetValue(normalized.AsSpan(offset, chars), out int id)) symbols.Add(id);
            else
            {
                int length = rune.EncodeToUtf8(utf8);
                for (int i = 0; i < length; i++)
                {
                    int byteId = _byteIds[utf8[i]];
                    if (byteId >= 0) symbols.Add(byteId);
                    else if (Spec.UnknownId is int unknown) symbols.Add(unknown);
                    else throw new ArgumentException($"character U+{rune.Value:X4} has no piece, no byte piece and the vocabulary has no unknown token");
                }
            }
            offset += chars;
        }
        _merges.Apply(symbols, output);
    }

    // SentencePiece's remove_extra_whitespaces before normalizing: leading spaces go, runs of spaces become one.
    private static string CollapseSpaces(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text.AsSpan().TrimStart(' '))
        {
            if (c != ' ' || builder[^1] != ' ') builder.Append(c);
        }
        return builder.ToString();
    }

    // Every way of cutting a piece into two pieces is a merge with the piece's score.
    private void AddScoredMerges(TokenizerSpec spec)
    {
        if (spec.Scores is not { } scores) throw new ArgumentException("a SentencePiece vocabulary needs scores or merges");
        var lookup = _pieces.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (piece, id) in _pieces)
        {
            if (spec.Types[id] != TokenType.Normal) continue;
            foreach (var (left, right, _) in PairMerges.Splits(piece, lookup)) _merges.Add(left, right, id, scores[id]);
        }
    }
}
