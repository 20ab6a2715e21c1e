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
        int count = 0;
        foreach (var item in items)
        {
            if (IsNothing(item)) return Nothing;
            count += item is SequenceExpr s ? s.Items.Count : 1;
        }
        var flat = new List<GrammarExpr>(count);
        foreach (var item in items)
            if (item is SequenceExpr s)
                for (int i = 0; i < s.Items.Count; i++) AppendJoined(flat, s.Items[i]);
            else if (item is not LiteralExpr { Bytes.Length: 0 }) AppendJoined(flat, item);
        return flat switch { [] => Empty, [var one] => one, _ => new SequenceExpr(flat) };
    }

    public static GrammarExpr Or(params IEnumerable<GrammarExpr> alternatives)
    {
        var list = alternatives as IReadOnlyList<GrammarExpr>;
        var distinct = new List<GrammarExpr>(list?.Count ?? 4);
        HashSet<GrammarExpr>? seen = null;
        if (list is not null)
            for (int i = 0; i < list.Count; i++) AddFlat(distinct, ref seen, list[i]);
        else
            foreach (var a in alternatives) AddFlat(distinct, ref seen, a);
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

    // Appends `item`, joined to the literal before it when both are literals.
    private static void AppendJoined(List<GrammarExpr> items, GrammarExpr item)
    {
        if (item is LiteralExpr b && items.Count > 0 && items[^1] is LiteralExpr a) items[^1] = new LiteralExpr([.. a.Bytes, .. b.Bytes]);
        else items.Add(item);
    }

    // Appends a choice's alternatives, or else the alternative, each unless an equal one is there.
    private static void AddFlat(List<GrammarExpr> distinct, ref HashSet<GrammarExpr>? seen, GrammarExpr alternative)
    {
        if (alternative is ChoiceExpr c)
            for (int i = 0; i < c.Alternatives.Count; i++) AddDistinct(distinct, ref seen, c.Alternatives[i]);
        else AddDistinct(distinct, ref seen, alternative);
    }

    // Appends `item` unless an equal one is there (first one kept); a few are compared one by one, more through a set.
    private static void AddDistinct(List<GrammarExpr> distinct, ref HashSet<GrammarExpr>? seen, GrammarExpr item)
    {
        if (seen is null && distinct.Count < 8)
        {
            foreach (var known in distinct)
                if (ShallowComparer.Instance.Equals(known, item)) return;
            distinct.Add(item);
            return;
        }
        seen ??= new HashSet<GrammarExpr>(distinct, ShallowComparer.Instance);
        if (seen.Add(item)) distinct.Add(item);
    }
}
