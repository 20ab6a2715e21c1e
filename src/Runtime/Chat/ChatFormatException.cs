namespace LlmLang.Runtime.Chat;

/// <summary>A chat template whose output cannot be written as per-role prefix + content + suffix (for example, one that
/// merges the system prompt into the first user turn, or drops message content); the message says where it differs.</summary>
public sealed class ChatFormatException : Exception
{
    internal ChatFormatException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
