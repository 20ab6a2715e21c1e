using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>Jinja's filters that chat templates use: <c>value | name(args)</c>.</summary>
internal static partial class JinjaFilters
{
    private static readonly Dictionary<string, Func<object?, JinjaArguments, object?>> Catalog = new(StringComparer.Ordinal)
    {
        ["trim"] = (v, a) => JinjaText.Strip(JinjaValues.Str(v), a.Allow("trim", "chars").Get(0, "chars") as string, start: true, end: true),
        ["tojson"] = (v, a) => JinjaJson.Serialize(v, a.Allow("tojson", "indent", "sort_keys").Get(0, "indent") as long? is long n ? (int)n : null,
            JinjaValues.IsTrue(a.Get(1, "sort_keys", false))),
        ["length"] = (v, _) => JinjaValues.Length(v),
        ["count"] = (v, _) => JinjaValues.Length(v),
        ["string"] = (v, _) => JinjaValues.Str(v),
        ["upper"] = (v, _) => JinjaValues.Str(v).ToUpperInvariant(),
        ["lower"] = (v, _) => JinjaValues.Str(v).ToLowerInvariant(),
        ["title"] = (v, _) => JinjaText.Title(JinjaValues.Str(v)),
        ["capitalize"] = (v, _) => JinjaText.Capitalize(JinjaValues.Str(v)),
        ["replace"] = (v, a) => JinjaText.Replace(JinjaValues.Str(v), a.Allow("replace", "old", "new", "count")),
        ["default"] = Default,
        ["d"] = Default,
        ["first"] = (v, _) => JinjaValues.Iterate(v) is { Count: > 0 } items ? items[0] : new JinjaUndefined("first of an empty sequence"),
        ["last"] = (v, _) => JinjaValues.Iterate(v) is { Count: > 0 } items ? items[^1] : new JinjaUndefined("last of an empty sequence"),
        ["list"] = (v, _) => JinjaValues.Iterate(v).ToList(),
        ["reverse"] = (v, _) => v is string s ? new string(s.Reverse().ToArray()) : Enumerable.Reverse(JinjaValues.Iterate(v)).ToList(),
        ["join"] = Join,
        ["int"] = ToInteger,
        ["float"] = ToFloat,
        ["abs"] = (v, _) => v is long or bool ? (object)Math.Abs((long)JinjaValues.ToDouble(v)) : Math.Abs(JinjaValues.ToDouble(v)),
        ["round"] = Round,
        ["sum"] = (v, a) => JinjaValues.Iterate(v).Select(x => Attribute(x, a.Get(0, "attribute") as string))
            .Aggregate(a.Get(1, "start", 0L), (total, x) => JinjaOperators.Binary("+", total, x)),
        ["min"] = (v, a) => Extreme(v, a, "min", -1),
        ["max"] = (v, a) => Extreme(v, a, "max", 1),
        ["unique"] = (v, _) => JinjaValues.Iterate(v).Aggregate(new List<object?>(), (seen, x) =>
        {
            if (!seen.Any(y => JinjaValues.Equals(x, y))) seen.Add(x);
            return seen;
        }),
        ["sort"] = Sort,
        ["dictsort"] = (v, _) => v is JinjaDict dict
            ? dict.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (object?)new JinjaTuple([p.Key, p.Value])).ToList()
            : throw new JinjaError($"dictsort expects a dict, got {JinjaValues.TypeName(v)}"),
        ["items"] = (v, _) => v is JinjaDict dict ? dict.Select(p => (object?)new JinjaTuple([p.Key, p.Value])).ToList()
            : v is JinjaUndefined ? [] : throw new JinjaError($"items expects a dict, got {JinjaValues.TypeName(v)}"),
        ["map"] = Map,
        ["select"] = (v, a) => Select(v, a, keep: true, byAttribute: false),
        ["reject"] = (v, a) => Select(v, a, keep: false, byAttribute: false),
        ["selectattr"] = (v, a) => Select(v, a, keep: true, byAttribute: true),
        ["rejectattr"] = (v, a) => Select(v, a, keep: false, byAttribute: true),
        ["attr"] = (v, a) => JinjaMembers.Attribute(v, JinjaText.RequireString(a.Get(0, "name"), "attr")),
        ["indent"] = Indent,
        ["wordcount"] = (v, _) => (long)WordPattern().Count(JinjaValues.Str(v)),
        ["safe"] = (v, _) => v,
        ["escape"] = (v, _) => WebUtility.HtmlEncode(JinjaValues.Str(v)),
        ["e"] = (v, _) => WebUtility.HtmlEncode(JinjaValues.Str(v)),
        ["center"] = (v, a) => Center(JinjaValues.Str(v), a.Get(0, "width", 80L) as long? ?? 80),
    };

    public static bool Exists(string name) => Catalog.ContainsKey(name);

    public static object? Apply(string name, object? value, JinjaArguments arguments) =>
        Catalog.TryGetValue(name, out var filter) ? filter(value, arguments) : throw new JinjaError($"unknown filter '{name}'");

    private static object? Default(object? value, JinjaArguments a)
    {
        object? fallback = a.Allow("default", "default_value", "boolean").Get(0, "default_value", "");
        bool boolean = JinjaValues.IsTrue(a.Get(1, "boolean", false));
        return value is JinjaUndefined || (boolean && !JinjaValues.IsTrue(value)) ? fallback : value;
    }

    private static object? Join(object? value, JinjaArguments a)
    {
        string separator = JinjaValues.Str(a.Allow("join", "d", "attribute").Get(0, "d", ""));
        string? attribute = a.Get(1, "attribute") as string;
        return string.Join(separator, JinjaValues.Iterate(value).Select(x => JinjaValues.Str(Attribute(x, attribute))));
    }

    private static object? Attribute(object? item, string? path)
    {
        if (path is null) return item;
        foreach (string part in path.Split('.'))
            item = long.TryParse(part, CultureInfo.InvariantCulture, out long index) ? JinjaMembers.Item(item, index) : JinjaMembers.Item(item, part);
        return item;
    }

    private static object? ToInteger(object? value, JinjaArguments a)
    {
        object? fallback = a.Get(0, "default", 0L);
        return value switch
        {
            long n => n,
            bool b => b ? 1L : 0L,
            double d when !double.IsNaN(d) && !double.IsInfinity(d) && Math.Abs(d) < 9.2e18 => (long)Math.Truncate(d),
            string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) => n,
            string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && Math.Abs(d) < 9.2e18
                => (long)Math.Truncate(d),
            _ => fallback,
        };
    }

    private static object? ToFloat(object? value, JinjaArguments a) => value switch
    {
        long or double or bool => JinjaValues.ToDouble(value),
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => a.Get(0, "default", 0.0),
    };

    /// <summary><c>min</c>/<c>max</c>: strings compare ignoring case unless <c>case_sensitive=true</c>, as in Jinja.</summary>
    private static object? Extreme(object? value, JinjaArguments a, string name, int sign)
    {
        a.Allow(name, "case_sensitive", "attribute");
        bool caseSensitive = JinjaValues.IsTrue(a.Get(0, "case_sensitive", false));
        string? attribute = a.Get(1, "attribute") as string;
        object? Key(object? x) => Attribute(x, attribute) is string s && !caseSensitive ? s.ToLowerInvariant() : Attribute(x, attribute);
        List<object?> items = JinjaValues.Iterate(value);
        if (items.Count == 0) return new JinjaUndefined($"{name} of an empty sequence");
        return items.Aggregate((best, x) => sign * JinjaValues.Compare(Key(x), Key(best), sign < 0 ? "<" : ">") > 0 ? x : best);
    }

    [GeneratedRegex(@"\w+")]
    private static partial Regex WordPattern();

    private static object? Round(object? value, JinjaArguments a)
    {
        long precision = a.Allow("round", "precision", "method").Get(0, "precision", 0L) as long? ?? 0;
        string method = a.Get(1, "method", "common") as string ?? "common";
        if (value is long or bool && method == "common") return (long)JinjaValues.ToDouble(value);
        int digits = (int)Math.Clamp(precision, 0, 15);
        double scale = Math.Pow(10, digits), x = JinjaValues.ToDouble(value);
        // 'common' is Python's round(): halves go to the even neighbour.
        return method switch
        {
            "common" => Math.Round(x, digits, MidpointRounding.ToEven),
            "floor" => Math.Floor(x * scale) / scale,
            "ceil" => Math.Ceiling(x * scale) / scale,
            _ => throw new JinjaError("round() method must be 'common', 'ceil' or 'floor'"),
        };
    }

    private static object? Sort(object? value, JinjaArguments a)
    {
        a.Allow("sort", "reverse", "case_sensitive", "attribute");
        bool reverse = JinjaValues.IsTrue(a.Get(0, "reverse", false));
        bool caseSensitive = JinjaValues.IsTrue(a.Get(1, "case_sensitive", false));
        string? attribute = a.Get(2, "attribute") as string;
        object? Key(object? x) => Attribute(x, attribute) is string s && !caseSensitive ? s.ToLowerInvariant() : Attribute(x, attribute);
        List<object?> sorted = [.. JinjaValues.Iterate(value).Order(Comparer<object?>.Create((x, y) => JinjaValues.Compare(Key(x), Key(y), "<")))];
        if (reverse) sorted.Reverse();
        return sorted;
    }

    private static object? Map(object? value, JinjaArguments a)
    {
        if (a.Positional.Count == 0 && a.Named.FirstOrDefault(n => n.Key == "attribute").Value is string attribute)
        {
            object? fallback = a.Named.FirstOrDefault(n => n.Key == "default").Value;
            return JinjaValues.Iterate(value).Select(x => Attribute(x, attribute) is JinjaUndefined && fallback is not null ? fallback : Attribute(x, attribute)).ToList();
        }
        string filter = JinjaText.RequireString(a.Get(0, "filter"), "map");
        var rest = new JinjaArguments(a.Positional.Skip(1).ToList(), a.Named);
        return JinjaValues.Iterate(value).Select(x => Apply(filter, x, rest)).ToList();
    }

    private static object? Select(object? value, JinjaArguments a, bool keep, bool byAttribute)
    {
        int next = 0;
        string? attribute = byAttribute ? JinjaText.RequireString(a.Get(next++, "attribute"), "selectattr") : null;
        string? test = a.Positional.Count > next ? JinjaText.RequireString(a.Positional[next++], "select") : null;
        var testArguments = new JinjaArguments(a.Positional.Skip(next).ToList(), []);
        return JinjaValues.Iterate(value).Where(x =>
        {
            object? subject = Attribute(x, attribute);
            return (test is null ? JinjaValues.IsTrue(subject) : JinjaTests.Apply(test, subject, testArguments)) == keep;
        }).ToList();
    }

    private static object? Indent(object? value, JinjaArguments a)
    {
        a.Allow("indent", "width", "first", "blank");
        object? width = a.Get(0, "width", 4L);
        string pad = width as string ?? new string(' ', (int)Math.Clamp(width as long? ?? 4, 0, 1000));
        bool first = JinjaValues.IsTrue(a.Get(1, "first", false)), blank = JinjaValues.IsTrue(a.Get(2, "blank", false));
        string[] lines = JinjaValues.Str(value).Split('\n');
        for (int i = 0; i < lines.Length; i++)
            if ((i > 0 || first) && (blank || lines[i].Length > 0)) lines[i] = pad + lines[i];
        return string.Join('\n', lines);
    }

    private static string Center(string s, long width)
    {
        if (width <= s.Length) return s;
        long total = width - s.Length, left = total / 2 + (total & width & 1);
        return new string(' ', (int)left) + s + new string(' ', (int)(total - left));
    }
}
