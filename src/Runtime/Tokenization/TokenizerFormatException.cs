namespace LlmLang.Runtime.Tokenization;

/// <summary>A tokenizer file is missing, truncated or malformed; the message names the file and what is wrong.</summary>
public sealed class TokenizerFormatException : IOException
{
    /// <summary>Creates the error for <paramref name="path"/>; the message becomes <c>"{path}: {problem}"</c>.</summary>
    public TokenizerFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }
}
