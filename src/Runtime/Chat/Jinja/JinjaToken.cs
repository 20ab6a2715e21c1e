namespace LlmLang.Runtime.Chat.Jinja;

internal enum TokenKind
{
    /// <summary>Literal template text (whitespace control already applied).</summary>
    Text,
    /// <summary><c>{{</c></summary>
    OutputBegin,
    /// <summary><c>}}</c></summary>
    OutputEnd,
    /// <summary><c>{%</c></summary>
    BlockBegin,
    /// <summary><c>%}</c></summary>
    BlockEnd,
    Name,
    String,
    Integer,
    Float,
    /// <summary>Punctuation and operators: <c>+ - * / // % ** ~ == != &lt; &gt; &lt;= &gt;= = ( ) [ ] { } , . : |</c>.</summary>
    Operator,
    EndOfTemplate,
}

/// <summary>One lexical token; <see cref="Value"/> holds decoded literals (string, long, double).</summary>
internal sealed record JinjaToken(TokenKind Kind, string Text, SourcePosition Position, object? Value = null)
{
    public bool Is(TokenKind kind, string text) => Kind == kind && Text == text;

    public bool IsOperator(string text) => Is(TokenKind.Operator, text);

    public bool IsName(string text) => Is(TokenKind.Name, text);

    public string Describe() => Kind switch
    {
        TokenKind.EndOfTemplate => "end of template",
        TokenKind.BlockEnd => "end of tag '%}'",
        TokenKind.OutputEnd => "end of expression '}}'",
        TokenKind.Text => "template text",
        _ => $"'{Text}'",
    };
}
