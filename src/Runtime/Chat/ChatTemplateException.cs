namespace LlmLang.Runtime.Chat;

/// <summary>A chat template that cannot be parsed or rendered: a syntax error, an unknown filter, a type error, or the
/// template's own <c>raise_exception(message)</c>. The message names the line and column in the template source.</summary>
public sealed class ChatTemplateException : Exception
{
    internal ChatTemplateException(string reason, int line, int column, bool raisedByTemplate = false, Exception? inner = null)
        : base($"chat template, line {line}, column {column}: {(raisedByTemplate ? "the template raised an exception: " : "")}{reason}", inner)
    {
        Reason = reason;
        Line = line;
        Column = column;
        RaisedByTemplate = raisedByTemplate;
    }

    /// <summary>What is wrong, without the position (for <see cref="RaisedByTemplate"/>, the template's own message).</summary>
    public string Reason { get; }

    /// <summary>1-based line in the template source.</summary>
    public int Line { get; }

    /// <summary>1-based column in the template source.</summary>
    public int Column { get; }

    /// <summary>True when the template itself called <c>raise_exception</c> (e.g. roles that do not alternate).</summary>
    public bool RaisedByTemplate { get; }
}
