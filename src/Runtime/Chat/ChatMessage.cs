namespace LlmLang.Runtime.Chat;

/// <summary>One message of a conversation, as chat templates see it: <c>message.role</c>, <c>message.content</c>,
/// plus any <see cref="Fields"/> (e.g. <c>reasoning_content</c>, <c>tool_calls</c>).</summary>
/// <param name="Role">Usually <c>system</c>, <c>user</c> or <c>assistant</c>; templates may accept others (<c>tool</c>).</param>
/// <param name="Content">The message text.</param>
public sealed record ChatMessage(string Role, string Content)
{
    /// <summary>Extra keys of the message object (strings, numbers, booleans, lists, dictionaries, JSON values).</summary>
    public IReadOnlyDictionary<string, object?>? Fields { get; init; }

    /// <summary>A system message.</summary>
    public static ChatMessage System(string content) => new(ChatRoles.System, content);

    /// <summary>A user message.</summary>
    public static ChatMessage User(string content) => new(ChatRoles.User, content);

    /// <summary>An assistant message.</summary>
    public static ChatMessage Assistant(string content) => new(ChatRoles.Assistant, content);
}
