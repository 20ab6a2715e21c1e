namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>A missing variable, attribute or item. Like Jinja's default: prints as empty, is false, iterates as empty,
/// and fails (naming what was missing) when used for anything else.</summary>
internal sealed class JinjaUndefined(string description)
{
    /// <summary>E.g. <c>'foo' is undefined</c>, <c>'dict object' has no attribute 'x'</c>.</summary>
    public string Description { get; } = description;

    public JinjaError Fail(string what) => new($"{Description} ({what})");
}
