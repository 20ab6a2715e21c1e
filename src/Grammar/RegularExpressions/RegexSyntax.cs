using LlmLang.Grammar.Ir;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace LlmLang.Grammar.RegularExpressions;

/// <summary>
/// The Pidgin parser of regular-expression syntax into IR. Anchors and unsupported constructs become
/// <see cref="RegexAnchor"/>/<see cref="RegexProblem"/> nodes so that <see cref="RegexGrammar"/> can report them with
/// their position after the parse.
/// </summary>
internal static class RegexSyntax
{
    public static readonly Parser<char, GrammarExpr> Pattern;

    private static readonly Parser<char, int> Offset = Parser<char>.CurrentOffset;

    static RegexSyntax()
    {
        Parser<char, GrammarExpr>? alternation = null;
        var group = Map((at, kind, body) => Group(at, kind, body),
            Offset.Before(Char('(')),
            OneOf(
                Try(String("?:")).ThenReturn(""),
                Try(String("?=")).ThenReturn("lookahead '(?='"),
                Try(String("?!")).ThenReturn("negative lookahead '(?!'"),
                Try(String("?<=")).ThenReturn("lookbehind '(?<='"),
                Try(String("?<!")).ThenReturn("negative lookbehind '(?<!'"),
                Try(Char('?').Then(Char('<')).Then(Token(c => char.IsAsciiLetterOrDigit(c) || c == '_').AtLeastOnceString()).Before(Char('>'))).ThenReturn(""),
                Char('?').ThenReturn("inline flags or unknown group '(?'"),
                Return("")),
            Rec(() => alternation!).Before(Char(')')));
        var atom = OneOf(
            group,
            CharClass(),
            Map((at, _) => (GrammarExpr)new CharClassExpr(CharSets.Dot), Offset, Char('.')),
            Map((at, c) => (GrammarExpr)new RegexAnchor(c, at), Offset, OneOf(Char('^'), Char('$'))),
            Char('\\').Then(Offset).Bind(at => EscapeBody(at - 1, inClass: false)),
            LiteralScalar("\\^$.|?*+()[").Select(v => (GrammarExpr)Single(v)));
        var count = Digit.AtLeastOnceString().Select(s => int.TryParse(s, out int n) ? n : int.MaxValue);
        var braces = Try(Char('{').Then(count.Bind(min => OneOf(
                Char(',').Then(count.Optional()).Select(m => m.HasValue ? m.Value : (int?)null),
                Return((int?)min)).Select(max => (Min: min, Max: max)))).Before(Char('}')));
        var quantifier = OneOf(
                Char('*').ThenReturn((Min: 0, Max: (int?)null)),
                Char('+').ThenReturn((Min: 1, Max: (int?)null)),
                Char('?').ThenReturn((Min: 0, Max: (int?)1)),
                braces)
            .Before(Char('?').Optional());
        var term = Map((at, item, q) => q.HasValue ? Quantify(item, q.Value.Min, q.Value.Max, at) : item,
            Offset, atom, quantifier.Optional());
        var sequence = term.Many().Select(items => items.ToList() is var list && list.Count == 1 ? list[0] : new SequenceExpr(list));
        alternation = sequence.Separated(Char('|')).Select(alts => alts.ToList() is var list && list.Count == 1 ? list[0] : new ChoiceExpr(list));
        Pattern = alternation.Before(End);
    }

    private static GrammarExpr Group(int at, string unsupported, GrammarExpr body) =>
        unsupported.Length == 0 ? body : new RegexProblem($"{unsupported} (lookaround and group flags are not supported)", at);

    private static GrammarExpr Quantify(GrammarExpr item, int min, int? max, int at)
    {
        if (item is RegexAnchor anchor) return new RegexProblem($"quantifier on anchor '{anchor.Symbol}'", anchor.Offset);
        if (max < min) return new RegexProblem($"quantifier {{{min},{max}}} has max < min", at);
        if (min == int.MaxValue || max == int.MaxValue) return new RegexProblem("quantifier count too large", at);
        return new RepeatExpr(item, min, max);
    }

    private static CharClassExpr Single(int scalar) => new([new CodeRange(scalar, scalar)]);

    // One Unicode scalar written literally (a surrogate pair in the C# string counts as one).
    private static Parser<char, int> LiteralScalar(string excluded) => OneOf(
        Try(Map((hi, lo) => char.ConvertToUtf32(hi, lo), Token(char.IsHighSurrogate), Token(char.IsLowSurrogate))),
        Token(c => !excluded.Contains(c) && !char.IsSurrogate(c)).Select(c => (int)c));

    private static Parser<char, int> Hex(int digits) =>
        Token(char.IsAsciiHexDigit).RepeatString(digits).Select(s => Convert.ToInt32(s, 16));

    private static Parser<char, GrammarExpr> EscapeBody(int at, bool inClass) => Any.Bind(c => c switch
    {
        'd' => Return<GrammarExpr>(new CharClassExpr(CharSets.Digits)),
        'D' => Return<GrammarExpr>(new CharClassExpr(CharSets.Negate(CharSets.Digits))),
        'w' => Return<GrammarExpr>(new CharClassExpr(CharSets.Word)),
        'W' => Return<GrammarExpr>(new CharClassExpr(CharSets.Negate(CharSets.Word))),
        's' => Return<GrammarExpr>(new CharClassExpr(CharSets.Space)),
        'S' => Return<GrammarExpr>(new CharClassExpr(CharSets.Negate(CharSets.Space))),
        'n' => Return<GrammarExpr>(Single('\n')),
        'r' => Return<GrammarExpr>(Single('\r')),
        't' => Return<GrammarExpr>(Single('\t')),
        'f' => Return<GrammarExpr>(Single('\f')),
        'v' => Return<GrammarExpr>(Single('\v')),
        '0' => Return<GrammarExpr>(Single(0)),
        'x' => Hex(2).Select(v => (GrammarExpr)Single(v)),
        'u' => OneOf(
            Char('{').Then(Token(char.IsAsciiHexDigit).AtLeastOnceString()).Before(Char('}'))
                .Select(s => s.Length <= 6 && Convert.ToInt32(s, 16) is var v && v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF)
                    ? (GrammarExpr)Single(v) : new RegexProblem($"\\u{{{s}}} is not a Unicode scalar value", at)),
            Hex(4).Bind(unit => unit is >= 0xD800 and <= 0xDBFF
                ? Try(String("\\u").Then(Hex(4))).Optional().Select(low => low.HasValue && low.Value is >= 0xDC00 and <= 0xDFFF
                    ? (GrammarExpr)Single(char.ConvertToUtf32((char)unit, (char)low.Value))
                    : new RegexProblem($"lone surrogate \\u{unit:X4}", at))
                : Return(unit is >= 0xDC00 and <= 0xDFFF ? (GrammarExpr)new RegexProblem($"lone surrogate \\u{unit:X4}", at) : Single(unit)))),
        'c' => Token(char.IsAsciiLetter).Select(l => (GrammarExpr)Single(l % 32)),
        'b' when inClass => Return<GrammarExpr>(Single(8)),
        'b' or 'B' => Return<GrammarExpr>(new RegexProblem($"word boundary '\\{c}'", at)),
        >= '1' and <= '9' => Return<GrammarExpr>(new RegexProblem($"backreference '\\{c}'", at)),
        'k' => Return<GrammarExpr>(new RegexProblem("named backreference '\\k'", at)),
        'p' or 'P' => Return<GrammarExpr>(new RegexProblem($"Unicode property escape '\\{c}'", at)),
        _ when char.IsHighSurrogate(c) => Token(char.IsLowSurrogate).Select(lo => (GrammarExpr)Single(char.ConvertToUtf32(c, lo))),
        _ => Return<GrammarExpr>(Single(c)),
    });

    private static Parser<char, GrammarExpr> CharClass()
    {
        var classAtom = OneOf(
            Char('\\').Then(Offset).Bind(at => EscapeBody(at - 1, inClass: true)),
            LiteralScalar("\\]").Select(v => (GrammarExpr)Single(v)));
        var item = Map((at, first, last) => last.HasValue ? Range(first, last.Value, at) : first,
            Offset, classAtom, Try(Char('-').Then(classAtom)).Optional());
        return Map((at, negated, items) => ClassOf(at, negated.HasValue, items.ToList()),
            Offset.Before(Char('[')), Char('^').Optional(), item.Many().Before(Char(']')));
    }

    private static GrammarExpr Range(GrammarExpr first, GrammarExpr last, int at)
    {
        if (first is RegexProblem) return first;
        if (last is RegexProblem) return last;
        if (first is not CharClassExpr { Ranges: [var a] } || last is not CharClassExpr { Ranges: [var b] } || a.First != a.Last || b.First != b.Last)
            return new RegexProblem("class range with a set escape such as \\d as an end", at);
        if (a.First > b.First) return new RegexProblem($"class range out of order (U+{a.First:X4} > U+{b.First:X4})", at);
        return new CharClassExpr([new CodeRange(a.First, b.First)]);
    }

    private static GrammarExpr ClassOf(int at, bool negated, List<GrammarExpr> items)
    {
        if (items.OfType<RegexProblem>().FirstOrDefault() is { } problem) return problem;
        var ranges = items.Cast<CharClassExpr>().SelectMany(c => c.Ranges);
        return new CharClassExpr(negated ? CharSets.Negate(ranges) : CharSets.Normalize(ranges));
    }
}
