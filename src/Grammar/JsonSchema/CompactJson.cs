using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// The compact text JavaScript's <c>JSON.stringify</c> writes for a parsed JSON value: no whitespace, keys in document
/// order, numbers as IEEE doubles in shortest round-trip form (<c>1.0</c> → <c>1</c>, <c>1E5</c> → <c>100000</c>),
/// non-ASCII unescaped. This is the text the grammar benchmarks and conformance tests force-decode.
/// </summary>
public static class CompactJson
{
    /// <summary>The compact text of <paramref name="value"/>.</summary>
    public static string Write(JsonElement value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    /// <summary>JavaScript's <c>Number.prototype.toString()</c> of <paramref name="value"/> (JSON writes non-finite as null).</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value)) return "null";
        if (value == 0) return "0";
        // .NET "R" gives the shortest round-trip digits; re-lay them out the way ECMAScript does.
        string shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var (digits, exponent) = Decompose(shortest);
        int n = exponent + 1; // value = 0.digits × 10^n
        int k = digits.Length;
        string body = n >= k && n <= 21 ? digits + new string('0', n - k)
            : n > 0 && n <= 21 ? digits[..n] + "." + digits[n..]
            : n > -6 && n <= 0 ? "0." + new string('0', -n) + digits
            : (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + (n - 1 >= 0 ? "+" : "-") + Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture);
        return value < 0 ? "-" + body : body;
    }

    /// <summary>Splits .NET round-trip text into significant digits and the decimal exponent of the first digit.</summary>
    private static (string Digits, int Exponent) Decompose(string text)
    {
        int e = text.IndexOfAny(['E', 'e']);
        int exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? text : text[..e];
        int dot = mantissa.IndexOf('.');
        string all = mantissa.Replace(".", "");
        int pointAt = dot < 0 ? mantissa.Length : dot;
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        string digits = all.Trim('0');
        return (digits, exponent + pointAt - leadingZeros - 1);
    }

    private static void Append(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                bool first = true;
                foreach (var p in value.EnumerateObject())
                {
                    if (!first) text.Append(',');
                    first = false;
                    text.Append(JsonStringGrammar.Quote(p.Name)).Append(':');
                    Append(text, p.Value);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                int i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (i++ > 0) text.Append(',');
                    Append(text, item);
                }
                text.Append(']');
                break;
            case JsonValueKind.String: text.Append(JsonStringGrammar.Quote(value.GetString()!)); break;
            case JsonValueKind.Number: text.Append(value.TryGetDouble(out double d) ? Number(d) : "null"); break;
            case JsonValueKind.True: text.Append("true"); break;
            case JsonValueKind.False: text.Append("false"); break;
            default: text.Append("null"); break;
        }
    }
}
