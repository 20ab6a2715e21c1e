using System.Numerics;
using System.Text.Json;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Numbers: ranges exactly (digit by digit), <c>multipleOf</c> where the result is expressible, values a <c>not</c>
/// excludes as the ranges between them (exclusive bounds, so written without exponent).
/// </summary>
internal sealed partial class SchemaTranslator
{
    private const int MaxModulus = 1000;
    private const int MaxEnumeratedMultiples = 256;

    private static readonly GrammarExpr AnyNumber = Expr.Seq(
        Expr.Opt(Expr.Text("-")),
        IntegerRangeGrammar.NonNegative(0, null),
        Expr.Opt(Expr.Seq(Expr.Text("."), Expr.Repeat(Expr.Digit, 1, null))),
        Expr.Opt(Expr.Seq(Expr.Chars("eE"), Expr.Opt(Expr.Chars("+-")), Expr.Repeat(Expr.Digit, 1, null))));

    private GrammarExpr Numbers(Conjunction c, JsonTypes types, IReadOnlyList<ExactDecimal> excluded)
    {
        Bound? low = null, high = null;
        var multiples = new List<(SchemaNode Node, ExactDecimal Value)>();
        foreach (var node in c.Nodes)
        {
            bool draft4Low = node.TryGet("exclusiveMinimum", out var el) && el.ValueKind == JsonValueKind.True;
            bool draft4High = node.TryGet("exclusiveMaximum", out var eh) && eh.ValueKind == JsonValueKind.True;
            if (NumberOf(node, "minimum") is { } min) low = Tighter(low, new Bound(min, draft4Low), lower: true);
            if (NumberOf(node, "maximum") is { } max) high = Tighter(high, new Bound(max, draft4High), lower: false);
            if (NumberOf(node, "exclusiveMinimum") is { } xmin) low = Tighter(low, new Bound(xmin, true), lower: true);
            if (NumberOf(node, "exclusiveMaximum") is { } xmax) high = Tighter(high, new Bound(xmax, true), lower: false);
            if (NumberOf(node, "multipleOf") is { } m)
            {
                if (m.Negative || m.IsZero) throw new JsonSchemaException(node.Pointer, "multipleOf", "must be greater than 0");
                multiples.Add((node, m));
            }
        }
        bool integersOnly = !types.HasFlag(JsonTypes.NonInteger);
        if (!types.HasFlag(JsonTypes.Integer))
        {
            // Only non-integers (after "not": {"type": "integer"}): a fraction with a non-zero digit, no exponent.
            if (low is not null || high is not null || multiples.Count > 0 || excluded.Count > 0)
                Unsupported(c.Nodes[0], "not", "non-integer numbers with bounds, multipleOf or excluded values are not supported");
            return Expr.Seq(Expr.Opt(Expr.Text("-")), IntegerRangeGrammar.NonNegative(0, null), Expr.Text("."),
                Expr.Repeat(Expr.Digit, 0, null), Expr.NonZeroDigit, Expr.Repeat(Expr.Digit, 0, null));
        }
        if (excluded.Count == 0) return Range(low, high);
        // multipleOf takes one-sided ranges only as a residue automaton with no bound at all.
        if (multiples.Count > 0)
        {
            Unsupported(c.With("not").First().Node, "not", "excluded numbers together with multipleOf are not supported");
            return Range(low, high);
        }
        // The ranges between excluded values, each cut to the bounds.
        var gaps = new List<GrammarExpr>();
        Bound? from = null;
        foreach (var value in excluded.Order(Comparer<ExactDecimal>.Create((x, y) => x.CompareTo(y))))
        {
            gaps.Add(Range(from is { } f ? Tighter(low, f, lower: true) : low, Tighter(high, new Bound(value, true), lower: false)));
            from = new Bound(value, true);
        }
        gaps.Add(Range(Tighter(low, from!.Value, lower: true), high));
        return Expr.Or(gaps);

        GrammarExpr Range(Bound? lo, Bound? hi)
        {
            if (lo is { } a && hi is { } b && (a.Value.CompareTo(b.Value) is var order && (order > 0 || order == 0 && (a.Exclusive || b.Exclusive))))
                return Expr.Nothing;
            if (multiples.Count > 0) return Multiples(multiples, lo, hi, integersOnly);
            if (integersOnly) return IntegerRangeGrammar.Build(IntegerLow(lo), IntegerHigh(hi));
            return lo is null && hi is null ? AnyNumber : DecimalRangeGrammar.Build(lo, hi);
        }
    }

    /// <summary>The number values <c>not</c> excludes (compact texts), or an error when one is out of range.</summary>
    private static List<ExactDecimal> ExcludedNumbers(Conjunction c, IReadOnlySet<string> excluded) =>
        excluded.Where(v => v[0] is '-' or (>= '0' and <= '9'))
            .Select(v => ExactDecimal.Parse(v) ?? throw new JsonSchemaException(c.With("not").First().Node.Pointer, "not", $"number {v} out of the supported range"))
            .ToList();

    private static ExactDecimal? NumberOf(SchemaNode node, string keyword)
    {
        if (!node.TryGet(keyword, out var value) || value.ValueKind is JsonValueKind.True or JsonValueKind.False) return null;
        if (value.ValueKind != JsonValueKind.Number) throw new JsonSchemaException(node.Pointer, keyword, "must be a number");
        return ExactDecimal.Parse(value.GetRawText())
            ?? throw new JsonSchemaException(node.Pointer, keyword, "number out of the supported range");
    }

    private static Bound Tighter(Bound? current, Bound candidate, bool lower)
    {
        if (current is not { } b) return candidate;
        int c = candidate.Value.CompareTo(b.Value);
        if (c == 0) return new Bound(b.Value, b.Exclusive || candidate.Exclusive);
        return (lower ? c > 0 : c < 0) ? candidate : b;
    }

    private static BigInteger? IntegerLow(Bound? low) => low is not { } b ? null
        : b.Exclusive ? b.Value.Floor() + 1 : b.Value.Ceiling();

    private static BigInteger? IntegerHigh(Bound? high) => high is not { } b ? null
        : b.Exclusive ? b.Value.Ceiling() - 1 : b.Value.Floor();

    /// <summary>
    /// <c>multipleOf</c>. Steps 10^-d (0.01) allow at most d fraction digits; any other step m = p/q allows the
    /// integer multiples of p, a subset of the multiples of m (never a false accept). Integer multiples are a digit
    /// automaton modulo p, or enumerated when a range bounds them.
    /// </summary>
    private GrammarExpr Multiples(List<(SchemaNode Node, ExactDecimal Value)> multiples, Bound? low, Bound? high, bool integersOnly)
    {
        if (!integersOnly && multiples.All(m => m.Value.Integer.IsZero && m.Value.Fraction.TrimStart('0') == "1"))
        {
            int digits = multiples.Min(m => m.Value.Fraction.Length);
            return DecimalRangeGrammar.Build(low, high, digits);
        }
        BigInteger step = 1;
        foreach (var (_, m) in multiples)
        {
            var numerator = BigInteger.Parse(m.Integer.ToString() + m.Fraction, System.Globalization.CultureInfo.InvariantCulture);
            var denominator = BigInteger.Pow(10, m.Fraction.Length);
            var p = numerator / BigInteger.GreatestCommonDivisor(numerator, denominator);
            step = step * p / BigInteger.GreatestCommonDivisor(step, p);
        }
        var lo = IntegerLow(low);
        var hi = IntegerHigh(high);
        if (step.IsOne) return IntegerRangeGrammar.Build(lo, hi);
        if (lo is { } a && hi is { } b)
        {
            var first = BigInteger.Divide(a + (a.Sign > 0 ? step - 1 : 0), step) * step;
            if (first < a) first += step;
            if (b < first) return Expr.Nothing;
            if ((b - first) / step < MaxEnumeratedMultiples)
            {
                var values = new List<GrammarExpr>();
                for (var v = first; v <= b; v += step) values.Add(Expr.Text(v.ToString()));
                return Expr.Or(values);
            }
        }
        var node = multiples[0].Node;
        if (step > MaxModulus)
        {
            Unsupported(node, "multipleOf", $"a step of {step} is too large to enforce without a small range");
            return IntegerRangeGrammar.Build(lo, hi);
        }
        // Exact only when the bounds merely cut off a sign or zero: lo in (-step, step], hi in [-step, step).
        bool boundsFit = (lo is null || lo > -step && lo <= step) && (hi is null || hi >= -step && hi < step);
        bool allowNegative = lo is null, allowPositive = hi is null, allowZero = (lo is null || lo <= 0) && (hi is null || hi >= 0);
        if (!boundsFit)
        {
            Unsupported(node, "multipleOf", "cannot be combined exactly with this minimum/maximum");
            return IntegerRangeGrammar.Build(lo, hi);
        }
        var positive = ModularMultiples((int)step);
        var parts = new List<GrammarExpr>();
        if (allowZero) parts.Add(Expr.Text("0"));
        if (allowPositive) parts.Add(positive);
        if (allowNegative) parts.Add(Expr.Seq(Expr.Text("-"), positive));
        return Expr.Or(parts);
    }

    /// <summary>Positive multiples of <paramref name="step"/>: a digit automaton over residues, one rule per residue.</summary>
    private GrammarExpr ModularMultiples(int step)
    {
        string Name(int r) => $"mod{step}_{r}";
        if (!_rules.ContainsKey(Name(0)))
            for (int r = 0; r < step; r++)
            {
                var moves = Enumerable.Range(0, 10).GroupBy(d => (10 * r + d) % step)
                    .Select(g => Expr.Seq(new CharClassExpr(g.Select(d => new CodeRange('0' + d, '0' + d)).ToArray()), new RuleRefExpr(Name(g.Key))));
                _rules[Name(r)] = r == 0 ? Expr.Or([Expr.Empty, .. moves]) : Expr.Or(moves);
            }
        return Expr.Or(Enumerable.Range(1, 9).GroupBy(d => d % step)
            .Select(g => Expr.Seq(new CharClassExpr(g.Select(d => new CodeRange('0' + d, '0' + d)).ToArray()), new RuleRefExpr(Name(g.Key)))));
    }
}
