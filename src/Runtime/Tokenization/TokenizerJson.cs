namespace LlmLang.Runtime.Tokenization;

/// <summary>Hugging Face <c>tokenizer.json</c> (+ <c>tokenizer_config.json</c>) reading and writing.</summary>
public static class TokenizerJson
{
    /// <summary>Reads a BPE <c>tokenizer.json</c> (byte-level, or SentencePiece-style with byte fallback) and,
    /// when given, its <c>tokenizer_config.json</c> (BOS/EOS choice, add_bos, chat template).</summary>
    /// <exception cref="TokenizerFormatException">A file is missing or malformed.</exception>
    public static TokenizerSpec Read(string tokenizerJsonPath, string? tokenizerConfigPath) => throw new NotImplementedException();

    /// <summary>Writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into <paramref name="directory"/> so that
    /// <see cref="Read"/> gives a tokenizer that encodes identically. A SentencePiece-style spec becomes a BPE model
    /// with byte fallback and merges derived from the scores.</summary>
    public static void Write(TokenizerSpec spec, string directory) => throw new NotImplementedException();
}
