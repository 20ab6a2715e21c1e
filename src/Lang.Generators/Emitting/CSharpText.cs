using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LlmLang.Generators.Emitting;

/// <summary>C# literals and identifiers for generated code.</summary>
internal static class CSharpText
{
    /// <summary>A regular string literal, escaped so any text (newlines, quotes, control chars) round-trips.</summary>
    public static string Literal(string? value)
    {
        if (value is null) return "null";
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
                case '\0': sb.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary><c>new string[] { "a", "b" }</c>, or null for an empty list.</summary>
    public static string StringArray(IReadOnlyCollection<string> values) =>
        values.Count == 0 ? "null" : "new string[] { " + string.Join(", ", values.Select(Literal)) + " }";

    /// <summary>
    /// A PascalCase property name for a variable ("capital_city" → CapitalCity), unique among
    /// <paramref name="taken"/> (which it extends); a leading digit gets a prefix.
    /// </summary>
    public static string PropertyName(string variable, ISet<string> taken)
    {
        var sb = new StringBuilder();
        bool upper = true;
        foreach (char c in variable)
        {
            if (!char.IsLetterOrDigit(c)) { upper = true; continue; }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, "Var");
        string name = sb.ToString();
        string unique = name;
        for (int i = 2; !taken.Add(unique); i++) unique = name + i.ToString(CultureInfo.InvariantCulture);
        return unique;
    }
}
