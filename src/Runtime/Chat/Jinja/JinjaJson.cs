using System.Globalization;
using System.Text;

namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>The <c>tojson</c> filter as Hugging Face defines it: Python's <c>json.dumps</c> with
/// <c>ensure_ascii=False</c>, keys in insertion order, separators <c>", "</c> and <c>": "</c>
/// (<c>","</c> between items when indenting).</summary>
internal static class JinjaJson
{
    public static string Serialize(object? value, int? indent, bool sortKeys)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, sortKeys, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, int? indent, bool sortKeys, int depth)
    {
        if (depth > 200) throw new JinjaError("tojson: value nested too deeply");
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long n: sb.Append(n.ToString(CultureInfo.InvariantCulture)); break;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : JinjaValues.FormatFloat(d));
                break;
            case string s: WriteString(sb, s); break;
            case List<object?> list:
                WriteContainer(sb, '[', ']', list, indent, depth, item => Write(sb, item, indent, sortKeys, depth + 1));
                break;
            case JinjaDict dict:
                IEnumerable<KeyValuePair<string, object?>> pairs = sortKeys ? dict.OrderBy(p => p.Key, StringComparer.Ordinal) : dict;
                WriteContainer(sb, '{', '}', pairs.ToList(), indent, depth, pair =>
                {
                    WriteString(sb, pair.Key);
                    sb.Append(": ");
                    Write(sb, pair.Value, indent, sortKeys, depth + 1);
                });
                break;
            case JinjaNamespace ns:
                var asDict = new JinjaDict();
                foreach (KeyValuePair<string, object?> pair in ns.Attributes) asDict[pair.Key] = pair.Value;
                Write(sb, asDict, indent, sortKeys, depth);
                break;
            case JinjaUndefined undefined:
                throw undefined.Fail("tojson cannot serialize an undefined value");
            default:
                throw new JinjaError($"tojson: object of type {JinjaValues.TypeName(value)} is not JSON serializable");
        }
    }

    private static void WriteContainer<T>(StringBuilder sb, char open, char close, IReadOnlyList<T> items, int? indent, int depth, Action<T> writeItem)
    {
        sb.Append(open);
        if (items.Count == 0)
        {
            sb.Append(close);
            return;
        }
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(indent is null ? ", " : ",");
            if (indent is int n) sb.Append('\n').Append(' ', n * (depth + 1));
            writeItem(items[i]);
        }
        if (indent is int m) sb.Append('\n').Append(' ', m * depth);
        sb.Append(close);
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
