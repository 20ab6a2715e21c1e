using System.Globalization;
using System.Numerics;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Exact digit-level grammars for the decimal text of integers in a range (no leading zeros, no <c>-0</c>), e.g.
/// [-5, 120] → <c>-[1-5] | [0-9] | [1-9][0-9] | 1[01][0-9] | 120</c>.
/// </summary>
internal static class IntegerRangeGrammar
{
    /// <summary>Integers in [<paramref name="low"/>, <paramref name="high"/>]; a null bound is unbounded.</summary>
    public static GrammarExpr Build(BigInteger? low, BigInteger? high)
    {
        if (low is { } l && high is { } h && l > h) return Expr.Nothing;
        var parts = new List<GrammarExpr>();
        if (low is null || low < 0)
        {
            // -n for n in [max(1, -high), -low]
            BigInteger from = high is { } hi && hi < 0 ? -hi : 1;
            parts.Add(Expr.Seq(Expr.Text("-"), NonNegative(from, low is { } lo ? -lo : null)));
        }
        if (high is null || high >= 0)
            parts.Add(NonNegative(low is { } lo && lo > 0 ? lo : 0, high));
        return Expr.Or(parts);
    }

    /// <summary>Non-negative integers in [<paramref name="low"/>, <paramref name="high"/>] (low ≥ 0).</summary>
    public static GrammarExpr NonNegative(BigInteger low, BigInteger? high)
    {
        if (high is { } h && low > h) return Expr.Nothing;
        string lowText = Digits(low);
        int lastLength = high is { } hh ? Digits(hh).Length : lowText.Length;
        var parts = new List<GrammarExpr>();
        for (int length = lowText.Length; length <= lastLength; length++)
        {
            BigInteger first = length == lowText.Length ? low : BigInteger.Pow(10, length - 1);
            BigInteger last = high is { } top && length == lastLength ? top : BigInteger.Pow(10, length) - 1;
            parts.Add(SameLength(Digits(first), Digits(last)));
        }
        if (high is null)
            parts.Add(Expr.Seq(Expr.NonZeroDigit, Expr.Repeat(Expr.Digit, lastLength, null)));
        return Expr.Or(parts);
    }

    private static string Digits(BigInteger n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Digit strings of one length between <paramref name="a"/> and <paramref name="b"/> (a ≤ b).</summary>
    public static GrammarExpr SameLength(string a, string b)
    {
        if (a.Length == 0) return Expr.Empty;
        if (a[0] == b[0]) return Expr.Seq(Expr.Text(a[..1]), SameLength(a[1..], b[1..]));
        string aRest = a[1..], bRest = b[1..];
        bool aFloor = aRest.All(c => c == '0'), bCeiling = bRest.All(c => c == '9');
        var parts = new List<GrammarExpr>();
        char firstFree = aFloor ? a[0] : (char)(a[0] + 1), lastFree = bCeiling ? b[0] : (char)(b[0] - 1);
        if (!aFloor) parts.Add(Expr.Seq(Expr.Text(a[..1]), SameLength(aRest, new string('9', aRest.Length))));
        if (firstFree <= lastFree) parts.Add(Expr.Seq(Expr.Range(firstFree, lastFree), Expr.Repeat(Expr.Digit, aRest.Length, aRest.Length)));
        if (!bCeiling) parts.Add(Expr.Seq(Expr.Text(b[..1]), SameLength(new string('0', bRest.Length), bRest)));
        return Expr.Or(parts);
    }
}
