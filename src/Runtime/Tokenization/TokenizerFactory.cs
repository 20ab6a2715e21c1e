namespace LlmLang.Runtime.Tokenization;

/// <summary>Builds tokenizers from vocabulary descriptions and tokenizer files.</summary>
public static class TokenizerFactory
{
    /// <summary>A tokenizer for <paramref name="spec"/> (e.g. a GGUF <c>tokenizer.ggml.*</c> vocabulary).</summary>
    public static ITokenizer Create(TokenizerSpec spec) => throw new NotImplementedException();

    /// <summary>Loads a llama2.c tokenizer <c>.bin</c>, a SentencePiece <c>.model</c>, or a <c>tokenizer.json</c>
    /// (with <c>tokenizer_config.json</c> beside it when present; a folder holding <c>tokenizer.json</c> works too).</summary>
    /// <exception cref="TokenizerFormatException">The file is missing, truncated or malformed.</exception>
    public static ITokenizer Load(string path) => throw new NotImplementedException();
}
