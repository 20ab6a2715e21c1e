using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using Pidgin;

namespace LlmLang.Grammar.RegularExpressions;

/// <summary>
/// Regular expressions (ECMA-262 syntax without backreferences and lookaround) to IR. Supported: literals and escapes
/// (<c>\n \t \xHH \uXXXX \u{X}</c>, escaped punctuation), <c>.</c> (not line terminators), classes with ranges and
/// negation, <c>\d \w \s</c> and negations (ECMA ASCII meanings; <c>\s</c> is Unicode space), groups, non-capturing and
/// named groups, alternation, <c>* + ? {n} {n,} {n,m}</c> (lazy forms match the same language), and <c>^</c>/<c>$</c>
/// at the start/end of the pattern or of a top-level alternative. Text is Unicode scalars matched as UTF-8 bytes.
/// </summary>
public static class RegexGrammar
{
    /// <summary>The byte an inner <c>^</c> becomes under <see cref="RegexOptions.InnerAnchors"/>.</summary>
    public const byte StartMarker = 0xFE;

    /// <summary>The byte an inner <c>$</c> becomes under <see cref="RegexOptions.InnerAnchors"/>.</summary>
    public const byte EndMarker = 0xFF;

    /// <summary>Parses <paramref name="pattern"/> into a grammar expression.</summary>
    /// <exception cref="GrammarException">A syntax error or an unsupported construct, with its position (0-based offset).</exception>
    public static GrammarExpr Parse(string pattern, RegexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        options ??= RegexOptions.Default;
        var result = RegexSyntax.Pattern.Parse(pattern);
        if (!result.Success)
        {
            var error = result.Error!;
            string found = error.EOF ? "end of pattern" : error.Unexpected.HasValue ? $"'{error.Unexpected.Value}'" : "input";
            throw new GrammarException($"invalid regex /{pattern}/ at position {error.ErrorOffset}: unexpected {found}");
        }
        var alternatives = result.Value is ChoiceExpr choice ? choice.Alternatives : [result.Value];
        var lowered = alternatives.Select(a => Anchor(pattern, a, options)).ToList();
        return lowered.Count == 1 ? lowered[0] : new ChoiceExpr(lowered);
    }

    private static GrammarExpr Anchor(string pattern, GrammarExpr alternative, RegexOptions options)
    {
        var items = alternative is SequenceExpr s ? s.Items.ToList() : [alternative];
        bool start = false, end = false;
        while (items.Count > 0 && items[0] is RegexAnchor { Symbol: '^' }) { items.RemoveAt(0); start = true; }
        while (items.Count > 0 && items[^1] is RegexAnchor { Symbol: '$' }) { items.RemoveAt(items.Count - 1); end = true; }
        items = items.Select(item => Checked(pattern, item, options.InnerAnchors)).ToList();
        var anyText = new RepeatExpr(new CharClassExpr(CharSets.Any), 0, null);
        if (options.Search && !start) items.Insert(0, anyText);
        if (options.Search && !end) items.Add(anyText);
        return items.Count == 1 ? items[0] : new SequenceExpr(items);
    }

    // The expression with its inner anchors as marker bytes (or an error naming them), and no problem left.
    private static GrammarExpr Checked(string pattern, GrammarExpr expr, bool innerAnchors) => expr switch
    {
        RegexProblem p => throw new GrammarException($"regex /{pattern}/ at position {p.Offset}: {p.Message} is not supported"),
        RegexAnchor a when innerAnchors => new ByteClassExpr([a.Symbol == '^' ? new CodeRange(StartMarker, StartMarker) : new CodeRange(EndMarker, EndMarker)]),
        RegexAnchor a => throw new GrammarException($"regex /{pattern}/ at position {a.Offset}: anchor '{a.Symbol}' is only supported at the start or end of the pattern or of a top-level alternative"),
        SequenceExpr s => new SequenceExpr(s.Items.Select(item => Checked(pattern, item, innerAnchors)).ToList()),
        ChoiceExpr c => new ChoiceExpr(c.Alternatives.Select(item => Checked(pattern, item, innerAnchors)).ToList()),
        RepeatExpr r => r with { Item = Checked(pattern, r.Item, innerAnchors) },
        _ => expr,
    };
}
