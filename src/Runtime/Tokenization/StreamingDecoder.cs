using System.Text;
using System.Text.Unicode;

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
    private byte[] _pending = [];
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
        return Convert(bytes, isFinalBlock: false);
    }

    /// <summary>Flushes held-back bytes of an incomplete character (as U+FFFD) at the end of the stream.</summary>
    public string Flush() => _pending.Length == 0 ? "" : Convert([], isFinalBlock: true);

    // Decodes the held-back bytes plus the new ones, holding back a trailing incomplete character; invalid bytes
    // become U+FFFD exactly as Encoding.UTF8.GetString replaces them.
    private string Convert(ReadOnlySpan<byte> bytes, bool isFinalBlock)
    {
        byte[] buffer = [.. _pending, .. bytes];
        char[] chars = new char[buffer.Length];
        Utf8.ToUtf16(buffer, chars, out int read, out int written, replaceInvalidSequences: true, isFinalBlock);
        _pending = buffer[read..];
        return new string(chars, 0, written);
    }

    /// <summary>SentencePiece decoding drops the dummy-prefix space of the token after BOS (as llama2.c and SentencePiece do).</summary>
    internal static bool StripsSpaceAfterBos(TokenizerSpec spec) => spec.Kind == TokenizerKind.SentencePieceBpe && spec.AddSpacePrefix;

    /// <summary>The bytes a token contributes to decoded text: special tokens are skipped or spelled as their text.</summary>
    internal static ReadOnlySpan<byte> PieceBytes(ITokenizer tokenizer, int id, bool skipSpecial) =>
        !tokenizer.IsSpecial(id) ? tokenizer.TokenBytes(id)
        : skipSpecial ? ReadOnlySpan<byte>.Empty
        : Encoding.UTF8.GetBytes(tokenizer.TokenText(id));
}
