using System.Text;

namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// Turns a stream of token ids into text deltas. Bytes of a multi-byte character split across tokens are held back
/// until the character is complete, so no delta ends in the middle of one (no spurious U+FFFD).
/// </summary>
public sealed class StreamingDecoder
{
    private readonly ITokenizer _tokenizer;
    private readonly bool _skipSpecial;
    private readonly Decoder _utf8 = new UTF8Encoding(false, false).GetDecoder();

    /// <summary>Creates a decoder over <paramref name="tokenizer"/>'s token bytes.</summary>
    public StreamingDecoder(ITokenizer tokenizer, bool skipSpecial = true)
    {
        _tokenizer = tokenizer;
        _skipSpecial = skipSpecial;
    }

    /// <summary>Adds one token and returns the text that became complete (possibly empty).</summary>
    public string Push(int id)
    {
        ReadOnlySpan<byte> bytes = _tokenizer.IsSpecial(id)
            ? (_skipSpecial ? ReadOnlySpan<byte>.Empty : Encoding.UTF8.GetBytes(_tokenizer.TokenText(id)))
            : _tokenizer.TokenBytes(id);
        if (bytes.IsEmpty) return "";
        int count = _utf8.GetCharCount(bytes, flush: false);
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
}
