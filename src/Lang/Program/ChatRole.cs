namespace LlmLang;

/// <summary>The speakers of a chat.</summary>
public enum ChatRole
{
    /// <summary>System instructions.</summary>
    System,
    /// <summary>The user.</summary>
    User,
    /// <summary>The model.</summary>
    Assistant,
}
