namespace LlmLang.Runtime.Tokenization;

/// <summary>The llama2.c tokenizer <c>.bin</c>: int32 max_token_length, then per piece float32 score, int32 length, bytes.</summary>
public static class Llama2cVocabulary
{
    /// <summary>Reads the vocabulary; <paramref name="vocabSize"/> (from the checkpoint header) limits how many pieces
    /// are read, otherwise pieces are read to the end of the file.</summary>
    /// <exception cref="TokenizerFormatException">The file is missing or truncated.</exception>
    public static TokenizerSpec Read(string path, int? vocabSize = null) => throw new NotImplementedException();
}
