using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>A range bound: the value and whether it is excluded.</summary>
internal readonly record struct Bound(ExactDecimal Value, bool Exclusive);

/// <summary>
/// Exact grammars for JSON numbers in a range, written without an exponent (a subset of all spellings, so never a
/// false accept): the integer part is compared with <see cref="IntegerRangeGrammar"/> and the fraction digit by digit.
/// </summary>
internal static class DecimalRangeGrammar
{
    public static GrammarExpr Build(Bound? low, Bound? high, int? maxFractionDigits = null)
    {
        var parts = new List<GrammarExpr>();
        var zero = new ExactDecimal(false, 0, "");
        // Non-negative numbers: [max(low, 0), high].
        if (high is not { } h || !h.Value.Negative && !(h.Value.IsZero && h.Exclusive))
            parts.Add(NonNegative(low is { } l && !l.Value.Negative ? l : null, high, maxFractionDigits));
        // Negative numbers -y: y in (max(-high, 0), -low], y > 0 (no "-0").
        if (low is not { } lo || lo.Value.Negative)
        {
            Bound yLow = high is { } hi && hi.Value.Negative ? new Bound(hi.Value.Abs(), hi.Exclusive) : new Bound(zero, true);
            Bound? yHigh = low is { } l2 ? new Bound(l2.Value.Abs(), l2.Exclusive) : null;
            parts.Add(Expr.Seq(Expr.Text("-"), NonNegative(yLow, yHigh, maxFractionDigits)));
        }
        return Expr.Or(parts);
    }

    /// <summary>Non-negative numbers between the bounds (a null low means ≥ 0; both bounds non-negative).</summary>
    private static GrammarExpr NonNegative(Bound? low, Bound? high, int? digits)
    {
        var lo = low ?? new Bound(new ExactDecimal(false, 0, ""), false);
        if (high is { } hb)
        {
            int c = lo.Value.CompareTo(hb.Value);
            if (c > 0 || c == 0 && (lo.Exclusive || hb.Exclusive)) return Expr.Nothing;
        }
        var a = lo.Value.Integer;
        var parts = new List<GrammarExpr>();
        if (high is { } h && h.Value.Integer == a)
            return Expr.Seq(Expr.Text(a.ToString()), Fraction(lo.Value.Fraction, lo.Exclusive, h.Value.Fraction, h.Exclusive, digits));
        parts.Add(Expr.Seq(Expr.Text(a.ToString()), Fraction(lo.Value.Fraction, lo.Exclusive, null, false, digits)));
        parts.Add(Expr.Seq(IntegerRangeGrammar.NonNegative(a + 1, high?.Value.Integer - 1), Fraction(null, false, null, false, digits)));
        if (high is { } top)
            parts.Add(Expr.Seq(Expr.Text(top.Value.Integer.ToString()), Fraction(null, false, top.Value.Fraction, top.Exclusive, digits)));
        return Expr.Or(parts);
    }

    /// <summary>
    /// The optional fraction <c>("." digits)?</c> whose value 0.s lies within the digit-string bounds (null: none),
    /// with at most <paramref name="digits"/> digits (null: any number).
    /// </summary>
    private static GrammarExpr Fraction(string? low, bool lowEx, string? high, bool highEx, int? digits)
    {
        var memo = new Dictionary<(string?, bool, string?, bool, int?), (GrammarExpr NonEmpty, bool AcceptsEmpty)>();
        var (nonEmpty, acceptsEmpty) = DigitStrings(low, lowEx, high, highEx, digits, memo);
        var dotted = Expr.Seq(Expr.Text("."), nonEmpty);
        return acceptsEmpty ? Expr.Opt(dotted) : dotted;
    }

    /// <summary>Digit strings s with 0.s within the bounds: the non-empty ones, and whether "" (value 0) is in.</summary>
    private static (GrammarExpr NonEmpty, bool AcceptsEmpty) DigitStrings(
        string? low, bool lowEx, string? high, bool highEx, int? digits,
        Dictionary<(string?, bool, string?, bool, int?), (GrammarExpr, bool)> memo)
    {
        if (memo.TryGetValue((low, lowEx, high, highEx, digits), out var known)) return known;
        bool acceptsEmpty = (low is null || low.Length == 0 && !lowEx) && (high is null || high.Length > 0 || !highEx);
        if (digits == 0) return (Expr.Nothing, acceptsEmpty);
        if (low is null && high is null) return (Expr.Repeat(Expr.Digit, 1, digits), true);

        var groups = new List<(int First, int Last, (string?, bool, string?, bool) Next, bool Dead)>();
        for (int d = 0; d <= 9; d++)
        {
            char digit = (char)('0' + d);
            bool dead = false;
            string? nextLow = null;
            bool nextLowEx = false;
            if (low is not null)
            {
                if (low.Length == 0) { if (lowEx && d == 0) { nextLow = ""; nextLowEx = true; } }
                else if (digit == low[0]) { nextLow = low[1..]; nextLowEx = lowEx; }
                else if (digit < low[0]) dead = true;
            }
            string? nextHigh = null;
            bool nextHighEx = false;
            if (high is not null)
            {
                if (high.Length == 0) { if (highEx || d > 0) dead = true; else nextHigh = ""; }
                else if (digit == high[0]) { nextHigh = high[1..]; nextHighEx = highEx; }
                else if (digit > high[0]) dead = true;
            }
            var next = (nextLow, nextLowEx, nextHigh, nextHighEx);
            if (groups.Count > 0 && groups[^1].Last == d - 1 && groups[^1].Next == next && groups[^1].Dead == dead)
                groups[^1] = groups[^1] with { Last = d };
            else groups.Add((d, d, next, dead));
        }
        var alternatives = new List<GrammarExpr>();
        bool zeroLoops = false;
        foreach (var g in groups.Where(g => !g.Dead))
        {
            if (digits is null && g.Next == (low, lowEx, high, highEx))
            {
                // Only "0" keeps the state unchanged (a zero bound): written as a loop, not recursion.
                zeroLoops = true;
                continue;
            }
            var (rest, restEmpty) = DigitStrings(g.Next.Item1, g.Next.Item2, g.Next.Item3, g.Next.Item4, digits - 1, memo);
            var tail = restEmpty ? Expr.Opt(rest) : rest;
            alternatives.Add(Expr.Seq(Expr.Range('0' + g.First, '0' + g.Last), tail));
        }
        var nonEmpty = Expr.Or(alternatives);
        if (zeroLoops)
        {
            var zeros = Expr.Repeat(Expr.Text("0"), 0, null);
            nonEmpty = acceptsEmpty
                ? Expr.Or(Expr.Seq(zeros, nonEmpty), Expr.Repeat(Expr.Text("0"), 1, null))
                : Expr.Seq(zeros, nonEmpty);
        }
        var result = (nonEmpty, acceptsEmpty);
        memo[(low, lowEx, high, highEx, digits)] = result;
        return result;
    }
}
