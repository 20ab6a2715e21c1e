using LlmLang.Grammar.Ir;
using LlmLang.Grammar.RegularExpressions;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace LlmLang.Grammar.Gbnf;

/// <summary>One parsed GBNF rule with the positions of the rule names it references.</summary>
internal sealed record GbnfRule(string Name, SourcePos Pos, GrammarExpr Body, IReadOnlyList<(string Name, SourcePos Pos)> References);

/// <summary>The Pidgin parser of GBNF text.</summary>
internal static class GbnfSyntax
{
    public static readonly Parser<char, IEnumerable<GbnfRule>> Grammar;

    [ThreadStatic] private static List<(string, SourcePos)>? _references;

    static GbnfSyntax()
    {
        var comment = Char('#').Then(Token(c => c != '\n').SkipMany());
        var ws = OneOf(Whitespace.IgnoreResult(), comment).SkipMany();
        var name = Token(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_').AtLeastOnceString().Labelled("rule name");
        var defines = Try(ws.Then(String("::=")));
        Parser<char, GrammarExpr>? alternatives = null;
        var escape = Char('\\').Then(Any.Bind(c => c switch
        {
            'n' => Return((int)'\n'),
            'r' => Return((int)'\r'),
            't' => Return((int)'\t'),
            'x' => Hex(2),
            'u' => Hex(4),
            'U' => Hex(8),
            _ => Return((int)c),
        }));
        var stringChar = OneOf(escape, Token(c => c != '"' && c != '\\' && c != '\n').Select(c => (int)c));
        var literal = Char('"').Then(Scalars(stringChar).Many()).Before(Char('"').Labelled("closing '\"'"))
            .Select(cs => (GrammarExpr)new SequenceExpr(cs.Select(c => (GrammarExpr)new CharClassExpr([new CodeRange(c, c)])).ToList()));
        var classChar = OneOf(escape, Token(c => c != ']' && c != '\\' && c != '\n').Select(c => (int)c));
        var classItem = Map((first, last) => new CodeRange(first, last.HasValue ? last.Value : first),
            Scalars(classChar), Try(Char('-').Then(Scalars(classChar))).Optional());
        var charClass = Map((negated, items) => (GrammarExpr)new CharClassExpr(negated.HasValue ? CharSets.Negate(items) : CharSets.Normalize(items)),
            Char('[').Then(Char('^').Optional()), classItem.Many().Before(Char(']').Labelled("closing ']'")));
        var reference = Try(Map((pos, n) => Reference(n, pos), Parser<char>.CurrentPos, name.Before(Not(defines))));
        var primary = OneOf(
            literal,
            charClass,
            Char('.').ThenReturn((GrammarExpr)new CharClassExpr(CharSets.Any)),
            Char('(').Then(ws).Then(Rec(() => alternatives!)).Before(Char(')').Labelled("closing ')'")),
            reference);
        var count = Digit.AtLeastOnceString().Select(s => int.TryParse(s, out int v) ? v : int.MaxValue);
        var braces = Char('{').Then(ws).Then(count.Bind(min => OneOf(
                ws.Then(Char(',')).Then(ws).Then(count.Optional()).Select(m => m.HasValue ? (int?)m.Value : null),
                Return((int?)min)).Select(max => (Min: min, Max: max)))).Before(ws).Before(Char('}'));
        var quantifier = OneOf(
            Char('*').ThenReturn((Min: 0, Max: (int?)null)),
            Char('+').ThenReturn((Min: 1, Max: (int?)null)),
            Char('?').ThenReturn((Min: 0, Max: (int?)1)),
            braces);
        var item = Map((p, q) => q.HasValue ? new RepeatExpr(p, q.Value.Min, q.Value.Max) : p, primary, quantifier.Optional()).Before(ws);
        var sequence = item.Many().Select(items => items.ToList() is var l && l.Count == 1 ? l[0] : new SequenceExpr(l));
        alternatives = sequence.Separated(Char('|').Then(ws)).Select(alts => alts.ToList() is var l && l.Count == 1 ? l[0] : new ChoiceExpr(l));
        var rule = Map((pos, n, body) => new GbnfRule(n, pos, body, TakeReferences()),
            Parser<char>.CurrentPos.Before(Return(Unit.Value).Select(_ => { _references = new(); return Unit.Value; })),
            name.Before(ws).Before(String("::=").Labelled("'::='")).Before(ws),
            alternatives);
        Grammar = ws.Then(rule.Many()).Before(End);
    }

    private static Parser<char, int> Hex(int digits) =>
        Token(char.IsAsciiHexDigit).RepeatString(digits).Select(s => Convert.ToInt32(s, 16)).Labelled($"{digits} hex digits");

    // A surrogate pair in the text is one code point.
    private static Parser<char, int> Scalars(Parser<char, int> unit) => unit.Bind(u => char.IsHighSurrogate((char)u) && u <= 0xFFFF
        ? Token(char.IsLowSurrogate).Select(lo => char.ConvertToUtf32((char)u, lo))
        : Return(u));

    private static GrammarExpr Reference(string name, SourcePos pos)
    {
        (_references ??= new()).Add((name, pos));
        return new RuleRefExpr(name);
    }

    private static IReadOnlyList<(string, SourcePos)> TakeReferences()
    {
        var taken = _references ?? new();
        _references = new();
        return taken;
    }
}
