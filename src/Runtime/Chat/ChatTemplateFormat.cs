namespace LlmLang.Runtime.Chat;

/// <summary>
/// A chat template reduced to strings that a text-based interpreter can append: the text before the first message,
/// each role's prefix and suffix, and the text that opens the assistant's reply. A conversation renders as
/// <c>Start + Σ (Prefix(role) + content + Suffix(role)) + (GenerationPrompt or End)</c>.
/// Get one from <see cref="ChatTemplate.DeriveFormat"/>, or use <see cref="Plain"/> for models without a template.
/// </summary>
/// <param name="Start">Text before the first message (Llama 3: the BOS text <c>&lt;|begin_of_text|&gt;</c>).</param>
/// <param name="System">The system turn, or null when the template has no separate system turn (see
/// <see cref="SystemUnavailableReason"/>).</param>
/// <param name="User">The user turn.</param>
/// <param name="Assistant">The assistant turn, as it appears in the history.</param>
/// <param name="GenerationPrompt">Text after the last turn that opens the assistant's reply (usually
/// <see cref="Assistant"/>'s prefix; empty for templates such as Mistral's whose assistant turn has no opener).</param>
/// <param name="End">Text after the last turn when no reply is requested (usually empty; a template that always
/// opens an assistant turn has the generation prompt here too).</param>
public sealed record ChatTemplateFormat(string Start, ChatTurnFormat? System, ChatTurnFormat User, ChatTurnFormat Assistant, string GenerationPrompt, string End)
{
    /// <summary>
    /// The format for models without a chat template (e.g. the tiny llama2.c test models): each turn is
    /// <c>Role: content\n</c> (<c>System: </c>, <c>User: </c>, <c>Assistant: </c>, as the language's own plain
    /// format), and the reply opens with <c>Assistant: </c>. No start or end text.
    /// </summary>
    public static ChatTemplateFormat Plain { get; } = new(
        "",
        new ChatTurnFormat("System: ", "\n"),
        new ChatTurnFormat("User: ", "\n"),
        new ChatTurnFormat("Assistant: ", "\n"),
        "Assistant: ",
        "");

    /// <summary>The prefix of an assistant turn that is the conversation's last message, when the template writes it
    /// differently from earlier ones (Qwen3 adds an empty <c>&lt;think&gt;</c> block there); null when it does not.
    /// An interpreter that appends text can only write <see cref="Assistant"/>'s prefix (a later message would change
    /// an earlier turn's text), so this is for reproducing <see cref="ChatTemplate.Render"/>.</summary>
    public string? FinalAssistantPrefix { get; init; }

    /// <summary>Text written after <see cref="Start"/> when the conversation does not open with a system message: a
    /// template's default system turn (Qwen2.5's "You are Qwen…", Llama 3.1's dated header). Empty for most templates.</summary>
    public string ImplicitSystem { get; init; } = "";

    /// <summary>Why <see cref="System"/> is null (the template refuses system messages, or merges them into another
    /// turn); null when the system turn is available.</summary>
    public string? SystemUnavailableReason { get; init; }

    /// <summary>The turn format of <paramref name="role"/> (<c>system</c>, <c>user</c> or <c>assistant</c>).</summary>
    /// <exception cref="ChatFormatException">The role is not one of these, or the template has no system turn.</exception>
    public ChatTurnFormat Turn(string role) => role switch
    {
        ChatRoles.User => User,
        ChatRoles.Assistant => Assistant,
        ChatRoles.System => System ?? throw new ChatFormatException($"this chat format has no system turn: {SystemUnavailableReason}"),
        _ => throw new ChatFormatException($"a chat format has no '{role}' turn (only system, user and assistant)"),
    };

    /// <summary>Renders a conversation by concatenation (see the type's summary); for formats derived from a template
    /// this equals the template's own rendering.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var text = new System.Text.StringBuilder(Start);
        if (messages.Count == 0 || messages[0].Role != ChatRoles.System) text.Append(ImplicitSystem);
        for (int i = 0; i < messages.Count; i++)
        {
            ChatTurnFormat turn = Turn(messages[i].Role);
            bool finalAssistant = i == messages.Count - 1 && messages[i].Role == ChatRoles.Assistant && FinalAssistantPrefix is not null;
            text.Append(finalAssistant ? (turn with { Prefix = FinalAssistantPrefix! }).Wrap(messages[i].Content) : turn.Wrap(messages[i].Content));
        }
        return text.Append(addGenerationPrompt ? GenerationPrompt : End).ToString();
    }
}
