using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.RegularExpressions;

/// <summary>Sets of Unicode scalar values used by regex classes (ECMA-262 meanings of <c>\d \w \s .</c>).</summary>
internal static class CharSets
{
    public static readonly CodeRange[] Digits = [new('0', '9')];

    public static readonly CodeRange[] Word = [new('0', '9'), new('A', 'Z'), new('_', '_'), new('a', 'z')];

    public static readonly CodeRange[] Space = Normalize(
    [
        new(9, 13), new(' ', ' '), new(0xA0, 0xA0), new(0x1680, 0x1680), new(0x2000, 0x200A), new(0x2028, 0x2029),
        new(0x202F, 0x202F), new(0x205F, 0x205F), new(0x3000, 0x3000), new(0xFEFF, 0xFEFF),
    ]);

    /// <summary>Any scalar but the line terminators (what <c>.</c> matches).</summary>
    public static readonly CodeRange[] Dot = Negate([new('\n', '\n'), new('\r', '\r'), new(0x2028, 0x2029)]);

    /// <summary>Every Unicode scalar value.</summary>
    public static readonly CodeRange[] Any = [new(0, 0xD7FF), new(0xE000, 0x10FFFF)];

    /// <summary>Sorted, merged, surrogates removed.</summary>
    public static CodeRange[] Normalize(IEnumerable<CodeRange> ranges)
    {
        var result = new List<CodeRange>();
        foreach (var r in ranges.SelectMany(SplitSurrogates).OrderBy(r => r.First))
        {
            if (result.Count > 0 && r.First <= result[^1].Last + 1)
                result[^1] = new(result[^1].First, Math.Max(result[^1].Last, r.Last));
            else
                result.Add(r);
        }
        return result.ToArray();
    }

    /// <summary>Every scalar value not in <paramref name="ranges"/>.</summary>
    public static CodeRange[] Negate(IEnumerable<CodeRange> ranges)
    {
        var result = new List<CodeRange>();
        int next = 0;
        foreach (var r in Normalize(ranges))
        {
            if (r.First > next) result.Add(new(next, r.First - 1));
            next = r.Last + 1;
        }
        if (next <= 0x10FFFF) result.Add(new(next, 0x10FFFF));
        return Normalize(result);
    }

    private static IEnumerable<CodeRange> SplitSurrogates(CodeRange r)
    {
        if (r.First <= 0xD7FF) yield return new(r.First, Math.Min(r.Last, 0xD7FF));
        if (r.Last >= 0xE000) yield return new(Math.Max(r.First, 0xE000), r.Last);
    }
}
