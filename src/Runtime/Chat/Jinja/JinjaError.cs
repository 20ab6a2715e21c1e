namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>An error found while evaluating, before the position is known; the renderer turns it into a
/// <see cref="ChatTemplateException"/> at the innermost node that sees it.</summary>
internal sealed class JinjaError(string message, bool raisedByTemplate = false) : Exception(message)
{
    public bool RaisedByTemplate { get; } = raisedByTemplate;
}
