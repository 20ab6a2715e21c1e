using System.Text;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// Turns a stream of token ids into text deltas. Bytes of a multi-byte character split across tokens are held back
/// until the character is complete, so no delta ends in the middle of one (no spurious U+FFFD). The concatenated
/// deltas (with <see cref="Flush"/>) equal <see cref="ITokenizer.Decode"/> of all ids.
/// </summary>
public sealed class StreamingDecoder
{
    private readonly ITokenizer _tokenizer;
    private readonly bool _skipSpecial;
    private readonly bool _stripSpaceAfterBos;
    private readonly Decoder _utf8 = new UTF8Encoding(false, false).GetDecoder();
    private bool _afterBos;

    /// <summary>Creates a decoder over <paramref name="tokenizer"/>'s token bytes.</summary>
    public StreamingDecoder(ITokenizer tokenizer, bool skipSpecial = true)
    {
        _tokenizer = tokenizer;
        _skipSpecial = skipSpecial;
        _stripSpaceAfterBos = StripsSpaceAfterBos(tokenizer.Spec);
    }

    /// <summary>Adds one token and returns the text that became complete (possibly empty).</summary>
    public string Push(int id)
    {
        ReadOnlySpan<byte> bytes = PieceBytes(_tokenizer, id, _skipSpecial);
        if (_afterBos && _stripSpaceAfterBos && bytes.Length > 0 && bytes[0] == (byte)' ') bytes = bytes[1..];
        _afterBos = id == _tokenizer.BosId;
        if (bytes.IsEmpty) return "";
        int count = _utf8.GetCharCount(bytes, flush: false);
        if (count == 0) return "";
        char[] buffer = new char[count];
        _utf8.GetChars(bytes, buffer, flush: false);
        return new string(buffer);
    }

    /// <summary>Flushes held-back bytes of an incomplete character (as U+FFFD) at the end of the stream.</summary>
    public string Flush()
    {
        int count = _utf8.GetCharCount(ReadOnlySpan<byte>.Empty, flush: true);
        char[] buffer = new char[count];
        _utf8.GetChars(ReadOnlySpan<byte>.Empty, buffer, flush: true);
        return new string(buffer);
    }

    /// <summary>SentencePiece decoding drops the dummy-prefix space of the token after BOS (as llama2.c and SentencePiece do).</summary>
    internal static bool StripsSpaceAfterBos(TokenizerSpec spec) => spec.Kind == TokenizerKind.SentencePieceBpe && spec.AddSpacePrefix;

    /// <summary>The bytes a token contributes to decoded text: special tokens are skipped or spelled as their text.</summary>
    internal static ReadOnlySpan<byte> PieceBytes(ITokenizer tokenizer, int id, bool skipSpecial) =>
        !tokenizer.IsSpecial(id) ? tokenizer.TokenBytes(id)
        : skipSpecial ? ReadOnlySpan<byte>.Empty
        : Encoding.UTF8.GetBytes(tokenizer.TokenText(id));
}
