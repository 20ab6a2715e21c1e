namespace LlmLang.Runtime.Tokenization;

/// <summary>Hugging Face <c>tokenizer.json</c> (+ <c>tokenizer_config.json</c>) reading and writing.</summary>
public static class TokenizerJson
{
    /// <summary>Reads a BPE <c>tokenizer.json</c> (byte-level, or SentencePiece-style with byte fallback) and,
    /// when given, its <c>tokenizer_config.json</c> (BOS/EOS/pad choice, add_bos_token, chat template).
    /// Without <c>add_bos_token</c>, BOS is added when the post-processor template starts with it.</summary>
    /// <exception cref="TokenizerFormatException">A file is missing, malformed, or describes an unsupported tokenizer.</exception>
    public static TokenizerSpec Read(string tokenizerJsonPath, string? tokenizerConfigPath) =>
        TokenizerJsonReader.Read(tokenizerJsonPath, tokenizerConfigPath);

    /// <summary>Writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into <paramref name="directory"/> so that
    /// <see cref="Read"/> gives a tokenizer that encodes identically. A SentencePiece-style spec becomes a BPE model
    /// with byte fallback, the U+2581 normalizer and merges derived from the scores.</summary>
    /// <exception cref="ArgumentException">A byte-level spec has no merges (tiktoken vocabularies).</exception>
    public static void Write(TokenizerSpec spec, string directory) => TokenizerJsonWriter.Write(spec, directory);
}
