namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// Text to token ids and back, plus what constrained decoding needs: the raw bytes of every token.
/// Implementations are immutable and thread-safe.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of token ids (including special and added tokens).</summary>
    int VocabSize { get; }

    /// <summary>Beginning-of-sequence id, if the vocabulary has one.</summary>
    int? BosId { get; }

    /// <summary>End-of-sequence ids; generation stops on any of them.</summary>
    IReadOnlyList<int> EosIds { get; }

    /// <summary>Whether prompts get BOS prepended by default.</summary>
    bool AddBosByDefault { get; }

    /// <summary>Encodes text. <paramref name="addBos"/> null means <see cref="AddBosByDefault"/>;
    /// <paramref name="parseSpecial"/> lets special-token text (e.g. <c>&lt;|eot_id|&gt;</c>) map to its id.</summary>
    IReadOnlyList<int> Encode(string text, bool? addBos = null, bool parseSpecial = false);

    /// <summary>Decodes ids to text (invalid UTF-8 becomes U+FFFD); special/control tokens are skipped when <paramref name="skipSpecial"/>.</summary>
    string Decode(IEnumerable<int> ids, bool skipSpecial = true);

    /// <summary>The raw bytes that token <paramref name="id"/> contributes to the output (empty for control tokens).
    /// For SentencePiece vocabularies the U+2581 marker is a space and byte pieces are their byte.</summary>
    ReadOnlySpan<byte> TokenBytes(int id);

    /// <summary>True for control/special tokens that are not ordinary text.</summary>
    bool IsSpecial(int id);

    /// <summary>The piece string of a token as the vocabulary spells it (for display and debugging).</summary>
    string TokenText(int id);

    /// <summary>A decoder for a stream of ids that never emits a partial multi-byte character.</summary>
    StreamingDecoder CreateStreamingDecoder(bool skipSpecial = true);

    /// <summary>The format-neutral description of this vocabulary, for writers (GGUF, tokenizer.json).</summary>
    TokenizerSpec Spec { get; }
}
