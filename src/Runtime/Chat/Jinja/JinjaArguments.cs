namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>Evaluated call arguments, with Python's rules for binding them to parameters.</summary>
internal sealed class JinjaArguments(IReadOnlyList<object?> positional, IReadOnlyList<KeyValuePair<string, object?>> named)
{
    public static readonly JinjaArguments Empty = new([], []);

    public IReadOnlyList<object?> Positional { get; } = positional;

    public IReadOnlyList<KeyValuePair<string, object?>> Named { get; } = named;

    /// <summary>The argument at <paramref name="index"/> or named <paramref name="name"/>, else <paramref name="fallback"/>.</summary>
    public object? Get(int index, string name, object? fallback = null)
    {
        if (index < Positional.Count) return Positional[index];
        foreach (KeyValuePair<string, object?> pair in Named)
            if (pair.Key == name) return pair.Value;
        return fallback;
    }

    public bool Has(int index, string name) => index < Positional.Count || Named.Any(n => n.Key == name);

    /// <summary>Fails when more positional arguments, or other named ones, were given than <paramref name="names"/> allows.</summary>
    public JinjaArguments Allow(string function, params string[] names)
    {
        if (Positional.Count > names.Length)
            throw new JinjaError($"{function}() takes at most {names.Length} argument(s), {Positional.Count} given");
        foreach (KeyValuePair<string, object?> pair in Named)
            if (!names.Contains(pair.Key)) throw new JinjaError($"{function}() got an unexpected keyword argument '{pair.Key}'");
        return this;
    }
}
