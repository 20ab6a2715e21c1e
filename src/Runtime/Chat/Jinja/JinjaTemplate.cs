namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>A parsed template: an immutable statement tree that renders any number of times, on any thread.</summary>
internal sealed class JinjaTemplate
{
    private readonly IReadOnlyList<Stmt> _body;

    private JinjaTemplate(IReadOnlyList<Stmt> body) => _body = body;

    /// <summary>Parses <paramref name="source"/>; a syntax error, unknown tag, filter or test throws
    /// <see cref="ChatTemplateException"/> with its line and column.</summary>
    public static JinjaTemplate Parse(string source) => new(JinjaParser.Parse(source));

    /// <summary>Renders with the given top-level variables (CLR values are converted, see <see cref="JinjaValues.FromClr"/>).</summary>
    public string Render(IReadOnlyDictionary<string, object?> variables, Func<DateTime>? now = null) =>
        JinjaRenderer.Render(_body, variables, now ?? (() => DateTime.Now));
}
