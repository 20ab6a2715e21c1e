using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LlmLang.Generators.Schema;

/// <summary>
/// Compact JSON text for schemas, built from already-serialised pieces. Hand-rolled because a
/// netstandard2.0 generator cannot count on System.Text.Json loading in every compiler host.
/// </summary>
internal static class JsonText
{
    /// <summary>A JSON object from members in the given order; values are JSON text.</summary>
    public static string Object(IEnumerable<KeyValuePair<string, string>> members)
    {
        var sb = new StringBuilder("{");
        foreach (var member in members)
        {
            if (sb.Length > 1) sb.Append(',');
            sb.Append(Quote(member.Key)).Append(':').Append(member.Value);
        }
        return sb.Append('}').ToString();
    }

    /// <summary>A JSON array of values that are JSON text.</summary>
    public static string Array(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A JSON string literal, escaped per RFC 8259.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
