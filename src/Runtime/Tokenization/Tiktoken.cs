namespace LlmLang.Runtime.Tokenization;

/// <summary>OpenAI's tiktoken vocabularies, from the Microsoft.ML.Tokenizers data packages.</summary>
public static class Tiktoken
{
    /// <summary>The <c>cl100k_base</c> tokenizer (GPT-3.5/4).</summary>
    public static ITokenizer Cl100k() => throw new NotImplementedException();

    /// <summary>The <c>o200k_base</c> tokenizer (GPT-4o).</summary>
    public static ITokenizer O200k() => throw new NotImplementedException();
}
