namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>A function value: a global (<c>range</c>, <c>namespace</c>, <c>raise_exception</c>), a bound method
/// (<c>text.split</c>), or a macro.</summary>
internal sealed class JinjaCallable(string name, Func<JinjaArguments, object?> invoke)
{
    public string Name { get; } = name;

    public object? Invoke(JinjaArguments arguments) => invoke(arguments);
}
