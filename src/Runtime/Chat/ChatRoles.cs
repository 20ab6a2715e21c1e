namespace LlmLang.Runtime.Chat;

/// <summary>The role names that <see cref="ChatTemplateFormat"/> covers.</summary>
public static class ChatRoles
{
    /// <summary><c>system</c>.</summary>
    public const string System = "system";

    /// <summary><c>user</c>.</summary>
    public const string User = "user";

    /// <summary><c>assistant</c>.</summary>
    public const string Assistant = "assistant";
}
