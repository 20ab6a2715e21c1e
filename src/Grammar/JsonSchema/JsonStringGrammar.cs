using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// JSON string text in its canonical spelling (what <c>JSON.stringify</c> writes): characters raw except <c>"</c>,
/// <c>\</c> and controls, which take their short escape or <c>\u00xx</c>. One spelling per character keeps length
/// limits and key exclusions exact (a <c>\u0061</c> spelling of <c>a</c> could otherwise slip past them).
/// </summary>
internal static class JsonStringGrammar
{
    public const int MaxScalar = 0x10FFFF;
    public static readonly IReadOnlyList<CodeRange> AllScalars = [new(0, 0xD7FF), new(0xE000, MaxScalar)];
    public static readonly GrammarExpr AnyChar = Char(AllScalars);

    /// <summary>One character from <paramref name="ranges"/> (sorted, scalar values), spelled canonically.</summary>
    public static GrammarExpr Char(IReadOnlyList<CodeRange> ranges)
    {
        var raw = Subtract(ranges, [new CodeRange(0, 0x1F), new CodeRange('"', '"'), new CodeRange('\\', '\\')]);
        var parts = new List<GrammarExpr>();
        if (raw.Count > 0) parts.Add(new CharClassExpr(raw));
        var escapes = new List<string>();
        foreach (var r in ranges)
            for (int c = r.First; c <= Math.Min(r.Last, '\\'); c++)
                if (c < 0x20 || c == '"' || c == '\\') escapes.Add(Escape(c));
        // Escapes sharing all but their last character become one prefix and a class: a length-counted string
        // repeats this expression per character, so its size multiplies (27 separate \u00xx literals were ~170 states).
        foreach (var group in escapes.GroupBy(e => e[..^1]))
            parts.Add(Expr.Seq(Expr.Text(group.Key), Expr.Chars(string.Concat(group.Select(e => e[^1])))));
        return Expr.Or(parts);
    }

    /// <summary>The canonical spelling of one character inside a JSON string.</summary>
    public static string Escape(int c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\b' => "\\b",
        '\f' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        < 0x20 => $"\\u{c:x4}",
        _ => char.ConvertFromUtf32(c),
    };

    /// <summary>The quoted canonical text of <paramref name="value"/>.</summary>
    public static string Quote(string value)
    {
        // Most texts (property names) spell every character as itself.
        var span = value.AsSpan();
        if (span.IndexOfAnyInRange('\0', '\u001F') < 0 && span.IndexOfAny('"', '\\') < 0 && span.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
            return string.Concat("\"", value, "\"");
        var text = new System.Text.StringBuilder("\"");
        foreach (var rune in value.EnumerateRunes()) text.Append(Escape(rune.Value));
        return text.Append('"').ToString();
    }

    /// <summary>String content between quotes.</summary>
    public static GrammarExpr Quoted(GrammarExpr content) => Expr.Seq(Expr.Text("\""), content, Expr.Text("\""));

    /// <summary>Any string of <paramref name="min"/>..<paramref name="max"/> characters (code points), quotes included.</summary>
    public static GrammarExpr OfLength(int min, int? max) => Quoted(Expr.Repeat(AnyChar, min, max));

    /// <summary>Sorted ranges minus other sorted ranges.</summary>
    public static List<CodeRange> Subtract(IReadOnlyList<CodeRange> ranges, IReadOnlyList<CodeRange> removed)
    {
        var result = new List<CodeRange>();
        foreach (var r in ranges)
        {
            int start = r.First;
            foreach (var x in removed.Where(x => x.Last >= r.First && x.First <= r.Last).OrderBy(x => x.First))
            {
                if (x.First > start) result.Add(new CodeRange(start, x.First - 1));
                start = Math.Max(start, x.Last + 1);
            }
            if (start <= r.Last) result.Add(new CodeRange(start, r.Last));
        }
        return result;
    }
}
