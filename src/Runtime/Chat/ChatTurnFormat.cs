namespace LlmLang.Runtime.Chat;

/// <summary>How a chat format writes one role's turn: <c>Prefix + content + Suffix</c>.</summary>
/// <param name="Prefix">Text that opens the turn (e.g. <c>&lt;|im_start|&gt;user\n</c>).</param>
/// <param name="Suffix">Text that closes it (e.g. <c>&lt;|im_end|&gt;\n</c>).</param>
/// <param name="TrimsContent">Whether the template strips whitespace from both ends of the content (Llama 3's
/// <c>message['content'] | trim</c>); <see cref="ChatTemplateFormat.Render"/> does the same.</param>
public sealed record ChatTurnFormat(string Prefix, string Suffix, bool TrimsContent = false)
{
    /// <summary>The turn as text.</summary>
    public string Wrap(string content) => Prefix + (TrimsContent ? content.Trim() : content) + Suffix;
}
