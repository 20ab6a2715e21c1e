namespace LlmLang.Runtime.Tokenization;

/// <summary>How a vocabulary turns text into tokens.</summary>
public enum TokenizerKind
{
    /// <summary>SentencePiece-style BPE (Llama 1/2, llama2.c, GGUF <c>llama</c>): pieces use U+2581 for space, merges by score, byte fallback pieces <c>&lt;0xNN&gt;</c>.</summary>
    SentencePieceBpe,

    /// <summary>GPT-2 style byte-level BPE (Llama 3, Qwen2, tiktoken, GGUF <c>gpt2</c>): pieces are bytes mapped through GPT-2's bytes-to-unicode table, ranked merges.</summary>
    ByteLevelBpe,
}

/// <summary>Token types, numbered as in GGUF's <c>tokenizer.ggml.token_type</c> (and SentencePiece).</summary>
public enum TokenType
{
    /// <summary>An ordinary piece.</summary>
    Normal = 1,
    /// <summary>The unknown-token piece.</summary>
    Unknown = 2,
    /// <summary>A control token such as BOS or EOS; never produced from text.</summary>
    Control = 3,
    /// <summary>An added/user-defined token matched literally in text.</summary>
    UserDefined = 4,
    /// <summary>An unused slot.</summary>
    Unused = 5,
    /// <summary>A byte-fallback piece <c>&lt;0xNN&gt;</c>.</summary>
    Byte = 6,
}

/// <summary>
/// A format-neutral description of a vocabulary: what GGUF metadata, <c>tokenizer.json</c>, llama2.c <c>.bin</c>
/// and SentencePiece <c>.model</c> files hold. Readers produce it, writers consume it, and
/// the tokenizer factory turns it into an <see cref="ITokenizer"/>.
/// </summary>
/// <param name="Kind">The tokenization algorithm.</param>
/// <param name="Tokens">Piece strings in id order, spelled as the kind spells them (U+2581 for space in SentencePiece style;
/// GPT-2 byte-to-unicode characters for the normal tokens of byte-level style, whose control and user-defined tokens are
/// their literal text, as in GGUF and in <c>tokenizer.json</c>'s <c>added_tokens</c>).</param>
/// <param name="Scores">Per-piece scores (SentencePiece style; null for byte-level BPE).</param>
/// <param name="Types">Per-piece types.</param>
/// <param name="Merges">Ranked merges <c>"a b"</c>, best first (byte-level BPE; null where merges follow from scores, or for
/// tiktoken vocabularies, where any pair whose concatenation is a token merges with that token's rank).</param>
/// <param name="BosId">Beginning-of-sequence id, if any.</param>
/// <param name="EosIds">End-of-sequence ids (the first is the canonical one).</param>
/// <param name="UnknownId">Unknown-token id, if any.</param>
/// <param name="PaddingId">Padding id, if any.</param>
/// <param name="AddBos">Whether encoding a prompt prepends BOS by default.</param>
/// <param name="PreTokenizer">The pre-tokenizer split pattern name or regex (byte-level BPE: e.g. <c>llama3</c>, <c>qwen2</c>, or the regex itself).</param>
/// <param name="ChatTemplate">The Jinja chat template, if the source had one.</param>
public sealed record TokenizerSpec(
    TokenizerKind Kind,
    IReadOnlyList<string> Tokens,
    IReadOnlyList<float>? Scores,
    IReadOnlyList<TokenType> Types,
    IReadOnlyList<string>? Merges,
    int? BosId,
    IReadOnlyList<int> EosIds,
    int? UnknownId,
    int? PaddingId,
    bool AddBos,
    string? PreTokenizer,
    string? ChatTemplate)
{
    /// <summary>SentencePiece style: whether a space is prepended to the text (the dummy prefix; GGUF <c>tokenizer.ggml.add_space_prefix</c>).</summary>
    public bool AddSpacePrefix { get; init; } = true;

    /// <summary>SentencePiece style: leading and trailing spaces are dropped and runs of spaces collapse to one
    /// (SentencePiece's <c>remove_extra_whitespaces</c>; llama2.c and GGUF vocabularies do not do this).</summary>
    public bool RemoveExtraWhitespaces { get; init; }

    /// <summary>Byte-level BPE: a word that is a token as a whole is that token, without running the merges (Llama 3's
    /// <c>ignore_merges</c>, tiktoken). It changes 588 of Llama 3's words (e.g. " việc"), so a GGUF reader sets it for
    /// <c>tokenizer.ggml.pre</c> = <c>llama-bpe</c>, as llama.cpp does.</summary>
    public bool IgnoreMerges { get; init; }

    /// <summary>Unicode normalization applied before pre-tokenization: null or <c>NFC</c> (Qwen2/3).</summary>
    public string? Normalization { get; init; }
}
