using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>
/// The value model, with Python's semantics: <c>string</c>, <c>long</c> (int), <c>double</c> (float), <c>bool</c>,
/// <c>null</c> (None), <see cref="JinjaUndefined"/>, <c>List&lt;object?&gt;</c> (list and tuple),
/// <see cref="JinjaDict"/> (insertion-ordered dict), <see cref="JinjaNamespace"/>, <see cref="JinjaCallable"/>
/// and <see cref="JinjaLoop"/>.
/// </summary>
internal static class JinjaValues
{
    /// <summary>Converts caller data (CLR primitives, dictionaries, sequences, System.Text.Json values) to the value model.</summary>
    public static object? FromClr(object? value) => value switch
    {
        null => null,
        string or bool or long or double or JinjaDict or JinjaUndefined or JinjaNamespace or JinjaCallable => value,
        int or short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (long)u : (double)u,
        float or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        char c => c.ToString(),
        Enum e => e.ToString(),
        JsonElement element => FromJson(element),
        JsonNode node => FromJson(JsonSerializer.SerializeToElement(node)),
        IDictionary<string, object?> dict => ToDict(dict),
        IReadOnlyDictionary<string, object?> dict => ToDict(dict),
        IDictionary dict => ToDict(dict.Keys.Cast<object>().Select(k => new KeyValuePair<string, object?>(Str(k), dict[k]))),
        IEnumerable sequence => sequence.Cast<object?>().Select(FromClr).ToList(),
        _ => throw new ArgumentException($"values of type {value.GetType().Name} cannot be passed to a chat template"),
    };

    private static JinjaDict ToDict(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var dict = new JinjaDict();
        foreach (KeyValuePair<string, object?> pair in pairs) dict[pair.Key] = FromClr(pair.Value);
        return dict;
    }

    private static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out long n) ? (object)n : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => ToDict(element.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, FromJson(p.Value)))),
        _ => null,
    };

    public static bool IsTrue(object? value) => value switch
    {
        null or JinjaUndefined => false,
        bool b => b,
        long n => n != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        JinjaDict dict => dict.Count > 0,
        _ => true,
    };

    public static bool IsNumber(object? value) => value is long or double or bool;

    public static double ToDouble(object? value) => value switch
    {
        long n => n,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new JinjaError($"expected a number, got {TypeName(value)}"),
    };

    /// <summary>Python's type name, for error messages and tests.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        string => "str",
        bool => "bool",
        long => "int",
        double => "float",
        JinjaTuple => "tuple",
        List<object?> => "list",
        JinjaDict => "dict",
        JinjaUndefined => "Undefined",
        JinjaNamespace => "Namespace",
        JinjaCallable => "function",
        JinjaLoop => "LoopContext",
        _ => value.GetType().Name,
    };

    /// <summary>Python's <c>str()</c>, which is what <c>{{ value }}</c> prints.</summary>
    public static string Str(object? value) => value switch
    {
        string s => s,
        JinjaUndefined => "",
        _ => Repr(value),
    };

    /// <summary>Python's <c>repr()</c>, used inside printed lists and dicts.</summary>
    public static string Repr(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long n => n.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        string s => QuoteString(s),
        JinjaUndefined => "",
        JinjaTuple tuple => "(" + string.Join(", ", tuple.Select(Repr)) + (tuple.Count == 1 ? ",)" : ")"),
        List<object?> list => "[" + string.Join(", ", list.Select(Repr)) + "]",
        JinjaDict dict => "{" + string.Join(", ", dict.Select(p => QuoteString(p.Key) + ": " + Repr(p.Value))) + "}",
        JinjaNamespace ns => "<Namespace " + string.Join(", ", ns.Attributes.Select(p => p.Key + "=" + Repr(p.Value))) + ">",
        JinjaCallable f => $"<function {f.Name}>",
        _ => value.ToString() ?? "",
    };

    private static string QuoteString(string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(quote);
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ when c < ' ' || c == '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Python's float repr: shortest round-trip digits, exponent form below 1e-4 and from 1e16.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        string r = d.ToString("R", CultureInfo.InvariantCulture);
        // Shortest digits and the decimal exponent, from the round-trip form.
        string digits = r.TrimStart('-');
        int exponent = 0;
        int ePos = digits.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exponent = int.Parse(digits[(ePos + 1)..], CultureInfo.InvariantCulture);
            digits = digits[..ePos];
        }
        int dot = digits.IndexOf('.');
        string intPart = dot < 0 ? digits : digits[..dot];
        string fracPart = dot < 0 ? "" : digits[(dot + 1)..];
        string mantissa = (intPart + fracPart).TrimStart('0');
        int leadingZeros = (intPart + fracPart).Length - (intPart + fracPart).TrimStart('0').Length;
        int pointPos = intPart.Length + exponent - leadingZeros;
        mantissa = mantissa.TrimEnd('0');
        if (mantissa.Length == 0) mantissa = "0";
        int exp10 = pointPos - 1;
        string sign = d < 0 ? "-" : "";
        if (exp10 < -4 || exp10 >= 16)
        {
            string m = mantissa.Length == 1 ? mantissa : mantissa[0] + "." + mantissa[1..];
            return $"{sign}{m}e{(exp10 < 0 ? "-" : "+")}{Math.Abs(exp10):00}";
        }
        if (pointPos <= 0) return $"{sign}0.{new string('0', -pointPos)}{mantissa}";
        if (pointPos >= mantissa.Length) return $"{sign}{mantissa}{new string('0', pointPos - mantissa.Length)}.0";
        return $"{sign}{mantissa[..pointPos]}.{mantissa[pointPos..]}";
    }

    public static new bool Equals(object? a, object? b)
    {
        if (a is JinjaUndefined || b is JinjaUndefined) return a is JinjaUndefined && b is JinjaUndefined;
        if (a is null || b is null) return a is null && b is null;
        if (IsNumber(a) && IsNumber(b)) return a is long x && b is long y ? x == y : ToDouble(a) == ToDouble(b);
        return (a, b) switch
        {
            (string x, string y) => x == y,
            (List<object?> x, List<object?> y) => x.GetType() == y.GetType() && x.Count == y.Count && x.Zip(y).All(p => Equals(p.First, p.Second)),
            (JinjaDict x, JinjaDict y) => x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out object? v) && Equals(p.Value, v)),
            _ => ReferenceEquals(a, b),
        };
    }

    /// <summary>Python ordering for numbers, strings and lists; anything else fails as Python does.</summary>
    public static int Compare(object? a, object? b, string op)
    {
        if (IsNumber(a) && IsNumber(b)) return a is long x && b is long y ? x.CompareTo(y) : ToDouble(a).CompareTo(ToDouble(b));
        if (a is string s && b is string t) return string.CompareOrdinal(s, t);
        if (a is List<object?> l && b is List<object?> m)
        {
            for (int i = 0; i < Math.Min(l.Count, m.Count); i++)
                if (!Equals(l[i], m[i])) return Compare(l[i], m[i], op);
            return l.Count.CompareTo(m.Count);
        }
        throw new JinjaError($"'{op}' is not supported between instances of '{TypeName(a)}' and '{TypeName(b)}'");
    }

    /// <summary>The items a for loop or a filter iterates: a list's items, a dict's keys, a string's characters;
    /// undefined iterates as empty.</summary>
    public static List<object?> Iterate(object? value) => value switch
    {
        List<object?> list => list,
        JinjaDict dict => dict.Keys.Cast<object?>().ToList(),
        string s => s.Select(c => (object?)c.ToString()).ToList(),
        JinjaUndefined => [],
        _ => throw new JinjaError($"'{TypeName(value)}' object is not iterable"),
    };

    public static long Length(object? value) => value switch
    {
        string s => s.Length,
        List<object?> list => list.Count,
        JinjaDict dict => dict.Count,
        JinjaUndefined => 0,
        _ => throw new JinjaError($"object of type '{TypeName(value)}' has no len()"),
    };
}
