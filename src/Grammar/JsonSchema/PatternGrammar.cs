using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.RegularExpressions;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// A <c>pattern</c> as JSON string content: the regex front end's expression over characters (ECMA search
/// semantics), with every character spelled canonically inside a JSON string (<see cref="JsonStringGrammar.Char"/>).
/// </summary>
internal static class PatternGrammar
{
    /// <exception cref="GrammarException">The regex is invalid or uses an unsupported construct.</exception>
    /// <exception cref="NotSupportedException">The expression holds raw bytes or rule references.</exception>
    public static GrammarExpr Content(string pattern) => ToJsonText(RegexGrammar.Parse(pattern, RegexOptions.Unanchored));

    private static GrammarExpr ToJsonText(GrammarExpr e) => e switch
    {
        LiteralExpr l => Expr.Text(string.Concat(Encoding.UTF8.GetString(l.Bytes).EnumerateRunes().Select(r => JsonStringGrammar.Escape(r.Value)))),
        CharClassExpr c => JsonStringGrammar.Char(c.Ranges),
        SequenceExpr s => Expr.Seq(s.Items.Select(ToJsonText).ToArray()),
        ChoiceExpr c => Expr.Or(c.Alternatives.Select(ToJsonText)),
        RepeatExpr r => Expr.Repeat(ToJsonText(r.Item), r.Min, r.Max),
        _ => throw new NotSupportedException($"{e.GetType().Name} in a pattern"),
    };
}
