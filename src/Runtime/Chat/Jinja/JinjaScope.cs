namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>Variables of one frame: the template, one for-loop iteration, or one macro call. <c>set</c> writes to the
/// current frame only, so assignments inside a loop body are gone after the loop (hence <c>namespace()</c>).</summary>
internal sealed class JinjaScope(JinjaScope? parent)
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);
    private readonly JinjaScope? _parent = parent;

    public object? Lookup(string name)
    {
        for (JinjaScope? scope = this; scope is not null; scope = scope._parent)
            if (scope._variables.TryGetValue(name, out object? value)) return value;
        return new JinjaUndefined($"'{name}' is undefined");
    }

    public void Set(string name, object? value) => _variables[name] = value;
}
