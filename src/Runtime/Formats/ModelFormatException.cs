namespace LlmLang.Runtime.Formats;

/// <summary>A model file or folder is missing, truncated, malformed or unsupported; the message names the file and what is wrong.</summary>
public sealed class ModelFormatException : IOException
{
    /// <summary>Creates the error for <paramref name="path"/>; the message becomes <c>"{path}: {problem}"</c>.</summary>
    public ModelFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    /// <summary>The file or folder at fault.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }
}
