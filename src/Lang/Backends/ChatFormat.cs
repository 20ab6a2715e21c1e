namespace LlmLang;

/// <summary>
/// How a model's chat turns look as text: what opens and closes each role. Backends derive it from the model's chat
/// template; <see cref="Plain"/> serves models without one.
/// </summary>
/// <param name="SystemPrefix">Opens a system turn.</param>
/// <param name="SystemSuffix">Closes a system turn.</param>
/// <param name="UserPrefix">Opens a user turn.</param>
/// <param name="UserSuffix">Closes a user turn.</param>
/// <param name="AssistantPrefix">Opens an assistant turn (the generation prompt).</param>
/// <param name="AssistantSuffix">Closes an assistant turn.</param>
public sealed record ChatFormat(string SystemPrefix, string SystemSuffix, string UserPrefix, string UserSuffix, string AssistantPrefix, string AssistantSuffix)
{
    /// <summary>"System: …\n", "User: …\n", "Assistant: …\n" — for base models without a chat template.</summary>
    public static ChatFormat Plain { get; } = new("System: ", "\n", "User: ", "\n", "Assistant: ", "\n");

    /// <summary>The prefix of <paramref name="role"/>.</summary>
    public string Prefix(ChatRole role) => role switch
    {
        ChatRole.System => SystemPrefix,
        ChatRole.User => UserPrefix,
        _ => AssistantPrefix,
    };

    /// <summary>The suffix of <paramref name="role"/>.</summary>
    public string Suffix(ChatRole role) => role switch
    {
        ChatRole.System => SystemSuffix,
        ChatRole.User => UserSuffix,
        _ => AssistantSuffix,
    };
}
