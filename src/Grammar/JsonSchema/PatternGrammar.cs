using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.RegularExpressions;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// A <c>pattern</c> as JSON string content: the regex front end's expression over characters (ECMA search
/// semantics), with every character spelled canonically inside a JSON string (<see cref="JsonStringGrammar.Char"/>);
/// <c>^</c>/<c>$</c> inside the pattern are resolved as automata (<see cref="StringLanguage.WithoutAnchorMarkers"/>).
/// </summary>
internal static class PatternGrammar
{
    // Contents by pattern, kept for the process: schemas repeat their patterns (one MaskBench schema names the same
    // id pattern 206 times) and the regex parser is most of a pattern's cost.
    private static readonly BoundedMemo<string, GrammarExpr> Known = new(Parse, 4096, StringComparer.Ordinal);

    /// <exception cref="GrammarException">The regex is invalid or uses an unsupported construct.</exception>
    /// <exception cref="NotSupportedException">The expression holds raw bytes or rule references.</exception>
    public static GrammarExpr Content(string pattern) => Known.Get(pattern);

    private static GrammarExpr Parse(string pattern)
    {
        var content = ToJsonText(RegexGrammar.Parse(pattern, RegexOptions.Unanchored with { InnerAnchors = true }));
        // Anchors inside the pattern are resolved on its automaton.
        return HasMarkers(content) ? StringLanguage.Of(content).WithoutAnchorMarkers().ToExpr() : content;
    }

    private static bool HasMarkers(GrammarExpr e) => e switch
    {
        ByteClassExpr => true,
        SequenceExpr s => s.Items.Any(HasMarkers),
        ChoiceExpr c => c.Alternatives.Any(HasMarkers),
        RepeatExpr r => HasMarkers(r.Item),
        _ => false,
    };

    private static GrammarExpr ToJsonText(GrammarExpr e) => e switch
    {
        ByteClassExpr marker => marker,
        LiteralExpr l => Expr.Text(string.Concat(Encoding.UTF8.GetString(l.Bytes).EnumerateRunes().Select(r => JsonStringGrammar.Escape(r.Value)))),
        CharClassExpr c => JsonStringGrammar.Char(c.Ranges),
        SequenceExpr s => Expr.Seq(s.Items.Select(ToJsonText).ToArray()),
        ChoiceExpr c => Expr.Or(c.Alternatives.Select(ToJsonText)),
        RepeatExpr r => Expr.Repeat(ToJsonText(r.Item), r.Min, r.Max),
        _ => throw new NotSupportedException($"{e.GetType().Name} in a pattern"),
    };
}
