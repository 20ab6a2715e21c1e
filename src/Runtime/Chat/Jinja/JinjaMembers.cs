namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>Attribute and item access, and the Python methods templates call on strings and dicts
/// (<c>content.split('x')</c>, <c>text.startswith(...)</c>, <c>dict.items()</c>).</summary>
internal static class JinjaMembers
{
    /// <summary><c>value.name</c>: a method or attribute first, then the item <c>name</c>.</summary>
    public static object? Attribute(object? target, string name)
    {
        switch (target)
        {
            case JinjaUndefined undefined:
                throw undefined.Fail($"cannot read its attribute '{name}'");
            case JinjaNamespace ns:
                return ns.Attributes.TryGetValue(name, out object? value) ? value : Missing(target, name);
            case JinjaLoop loop:
                return loop.Attribute(name);
        }
        return Method(target, name) ?? ItemOrMissing(target, name);
    }

    /// <summary><c>value[key]</c>: the item first, then a method or attribute. An index out of range is undefined.</summary>
    public static object? Item(object? target, object? key)
    {
        switch (target)
        {
            case JinjaUndefined undefined:
                throw undefined.Fail($"cannot read its item {JinjaValues.Repr(key)}");
            case List<object?> list when key is long or bool:
                return TryIndex(list.Count, key, out int i) ? list[i] : Missing(target, key);
            case string s when key is long or bool:
                return TryIndex(s.Length, key, out int j) ? s[j].ToString() : Missing(target, key);
            case JinjaDict dict when key is string k:
                return dict.TryGetValue(k, out object? value) ? value : Missing(target, key);
        }
        return key is string name ? Attribute(target, name) : Missing(target, key);
    }

    private static object? ItemOrMissing(object? target, string name) =>
        target is JinjaDict dict && dict.TryGetValue(name, out object? value) ? value : Missing(target, name);

    private static bool TryIndex(int count, object key, out int index)
    {
        long i = key is bool b ? (b ? 1 : 0) : (long)key;
        if (i < 0) i += count;
        index = (int)Math.Clamp(i, 0, Math.Max(0, count - 1));
        return i >= 0 && i < count;
    }

    private static JinjaUndefined Missing(object? target, object? key) =>
        new($"'{JinjaValues.TypeName(target)} object' has no attribute or item {(key is string s ? $"'{s}'" : JinjaValues.Repr(key))}");

    /// <summary><c>value[start:stop:step]</c> on a list or string, with Python's clamping and negative steps.</summary>
    public static object? Slice(object? target, object? start, object? stop, object? step)
    {
        long stepValue = step is null ? 1 : AsIndex(step);
        if (stepValue == 0) throw new JinjaError("slice step cannot be zero");
        int count = target switch
        {
            List<object?> l => l.Count,
            string s => s.Length,
            _ => throw new JinjaError($"'{JinjaValues.TypeName(target)}' object cannot be sliced"),
        };
        var indices = new List<int>();
        long first = Bound(start, count, stepValue, isStart: true), last = Bound(stop, count, stepValue, isStart: false);
        for (long i = first; stepValue > 0 ? i < last : i > last; i += stepValue) indices.Add((int)i);
        return target is string str
            ? string.Concat(indices.Select(i => str[i]))
            : indices.Select(i => ((List<object?>)target!)[i]).ToList();
    }

    private static long AsIndex(object? value) => value switch
    {
        long n => n,
        bool b => b ? 1 : 0,
        _ => throw new JinjaError($"slice indices must be integers or none, not {JinjaValues.TypeName(value)}"),
    };

    private static long Bound(object? value, int count, long step, bool isStart)
    {
        if (value is null) return step > 0 ? (isStart ? 0 : count) : (isStart ? count - 1 : -1);
        long index = AsIndex(value);
        if (index < 0) index += count;
        return step > 0 ? Math.Clamp(index, 0, count) : Math.Clamp(index, -1, count - 1);
    }

    private static JinjaCallable? Method(object? target, string name) => target switch
    {
        string s => StringMethod(s, name),
        JinjaDict d => DictMethod(d, name),
        _ => null,
    };

    private static JinjaCallable? DictMethod(JinjaDict dict, string name) => name switch
    {
        "items" => Bind(name, _ => dict.Select(p => (object?)new JinjaTuple([p.Key, p.Value])).ToList()),
        "keys" => Bind(name, _ => dict.Keys.Cast<object?>().ToList()),
        "values" => Bind(name, _ => dict.Values.ToList()),
        "get" => Bind(name, a => a.Allow("get", "key", "default").Get(0, "key") is string key && dict.TryGetValue(key, out object? v)
            ? v : a.Get(1, "default")),
        _ => null,
    };

    private static JinjaCallable? StringMethod(string s, string name) => name switch
    {
        "startswith" => Bind(name, a => Affixes(a.Allow(name, "prefix").Get(0, "prefix"), name).Any(p => s.StartsWith(p, StringComparison.Ordinal))),
        "endswith" => Bind(name, a => Affixes(a.Allow(name, "suffix").Get(0, "suffix"), name).Any(p => s.EndsWith(p, StringComparison.Ordinal))),
        "strip" => Bind(name, a => JinjaText.Strip(s, Chars(a, name), start: true, end: true)),
        "lstrip" => Bind(name, a => JinjaText.Strip(s, Chars(a, name), start: true, end: false)),
        "rstrip" => Bind(name, a => JinjaText.Strip(s, Chars(a, name), start: false, end: true)),
        "split" => Bind(name, a => JinjaText.Split(s, Separator(a, name), MaxSplit(a), fromRight: false)),
        "rsplit" => Bind(name, a => JinjaText.Split(s, Separator(a, name), MaxSplit(a), fromRight: true)),
        "splitlines" => Bind(name, _ => JinjaText.SplitLines(s)),
        "upper" => Bind(name, _ => s.ToUpperInvariant()),
        "lower" => Bind(name, _ => s.ToLowerInvariant()),
        "title" => Bind(name, _ => JinjaText.Title(s)),
        "capitalize" => Bind(name, _ => JinjaText.Capitalize(s)),
        "replace" => Bind(name, a => JinjaText.Replace(s, a.Allow(name, "old", "new", "count"))),
        "find" => Bind(name, a => (long)s.IndexOf(JinjaText.RequireString(a.Get(0, "sub"), "find"), StringComparison.Ordinal)),
        "rfind" => Bind(name, a => (long)s.LastIndexOf(JinjaText.RequireString(a.Get(0, "sub"), "rfind"), StringComparison.Ordinal)),
        "count" => Bind(name, a => JinjaText.Count(s, JinjaText.RequireString(a.Get(0, "sub"), "count"))),
        "join" => Bind(name, a => string.Join(s, JinjaValues.Iterate(a.Get(0, "iterable")).Select(JinjaValues.Str))),
        "isdigit" => Bind(name, _ => s.Length > 0 && s.All(char.IsDigit)),
        "isspace" => Bind(name, _ => s.Length > 0 && s.All(char.IsWhiteSpace)),
        "isalpha" => Bind(name, _ => s.Length > 0 && s.All(char.IsLetter)),
        "isupper" => Bind(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsLower)),
        "islower" => Bind(name, _ => s.Any(char.IsLetter) && !s.Any(char.IsUpper)),
        _ => null,
    };

    private static JinjaCallable Bind(string name, Func<JinjaArguments, object?> invoke) => new(name, invoke);

    private static IEnumerable<string> Affixes(object? value, string method) => value switch
    {
        string s => [s],
        List<object?> list => list.Select(v => JinjaText.RequireString(v, method)),
        _ => throw new JinjaError($"{method}() argument must be str or a tuple of str, not {JinjaValues.TypeName(value)}"),
    };

    private static string? Chars(JinjaArguments a, string method) => a.Allow(method, "chars").Get(0, "chars") switch
    {
        null => null,
        string chars => chars,
        var other => throw new JinjaError($"{method}() argument must be str or None, not {JinjaValues.TypeName(other)}"),
    };

    private static string? Separator(JinjaArguments a, string method) => a.Allow(method, "sep", "maxsplit").Get(0, "sep") switch
    {
        null => null,
        "" => throw new JinjaError($"{method}(): empty separator"),
        string sep => sep,
        var other => throw new JinjaError($"{method}() separator must be str or None, not {JinjaValues.TypeName(other)}"),
    };

    private static int MaxSplit(JinjaArguments a) => a.Get(1, "maxsplit", -1L) is long n
        ? (int)Math.Clamp(n, -1, int.MaxValue)
        : throw new JinjaError("maxsplit must be an integer");
}
