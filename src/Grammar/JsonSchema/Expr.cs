using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>Short constructors for IR nodes, flattening trivial sequences and choices as they are built.</summary>
internal static class Expr
{
    public static readonly GrammarExpr Empty = new LiteralExpr([]);
    public static readonly GrammarExpr Nothing = new ChoiceExpr([]);
    public static readonly GrammarExpr Digit = Range('0', '9');
    public static readonly GrammarExpr NonZeroDigit = Range('1', '9');

    public static GrammarExpr Text(string text) => LiteralExpr.Text(text);

    public static GrammarExpr Range(int first, int last) => new CharClassExpr([new CodeRange(first, last)]);

    public static GrammarExpr Chars(string chars) =>
        new CharClassExpr(chars.Distinct().Order().Select(c => new CodeRange(c, c)).ToArray());

    public static bool IsNothing(GrammarExpr e) => e is ChoiceExpr { Alternatives.Count: 0 };

    public static GrammarExpr Seq(params GrammarExpr[] items)
    {
        if (items.Any(IsNothing)) return Nothing;
        var flat = new List<GrammarExpr>();
        foreach (var item in items)
            if (item is SequenceExpr s) flat.AddRange(s.Items);
            else if (item is not LiteralExpr { Bytes.Length: 0 }) flat.Add(item);
        return MergeLiterals(flat) switch { [] => Empty, [var one] => one, var many => new SequenceExpr(many) };
    }

    public static GrammarExpr Or(params IEnumerable<GrammarExpr> alternatives)
    {
        var flat = new List<GrammarExpr>();
        foreach (var a in alternatives)
            if (a is ChoiceExpr c) flat.AddRange(c.Alternatives);
            else flat.Add(a);
        var distinct = flat.Distinct(ShallowComparer.Instance).ToList();
        return distinct.Count == 1 ? distinct[0] : new ChoiceExpr(distinct);
    }

    public static GrammarExpr Opt(GrammarExpr e) => IsNothing(e) ? Empty : Or(Empty, e);

    public static GrammarExpr Repeat(GrammarExpr e, int min, int? max)
    {
        if (max is 0) return Empty;
        if (IsNothing(e)) return min == 0 ? Empty : Nothing;
        return min == 1 && max == 1 ? e : new RepeatExpr(e, min, max);
    }

    /// <summary>
    /// Equality for de-duplicating alternatives: by value for leaves, by reference for composite nodes (record
    /// equality on composites walks whole subtrees, which made large schemas quadratic).
    /// </summary>
    private sealed class ShallowComparer : IEqualityComparer<GrammarExpr>
    {
        public static readonly ShallowComparer Instance = new();

        public bool Equals(GrammarExpr? x, GrammarExpr? y) =>
            ReferenceEquals(x, y) || IsLeaf(x) && IsLeaf(y) && x!.Equals(y);

        public int GetHashCode(GrammarExpr e) =>
            IsLeaf(e) ? e.GetHashCode() : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(e);

        private static bool IsLeaf(GrammarExpr? e) => e is LiteralExpr or CharClassExpr or ByteClassExpr or RuleRefExpr;
    }

    private static List<GrammarExpr> MergeLiterals(List<GrammarExpr> items)
    {
        var merged = new List<GrammarExpr>();
        foreach (var item in items)
            if (item is LiteralExpr b && merged.Count > 0 && merged[^1] is LiteralExpr a)
                merged[^1] = new LiteralExpr([.. a.Bytes, .. b.Bytes]);
            else merged.Add(item);
        return merged;
    }
}
