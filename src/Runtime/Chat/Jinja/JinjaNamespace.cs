namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>The mutable object of <c>namespace(...)</c>: the one way a loop body can change state seen after the loop.</summary>
internal sealed class JinjaNamespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
