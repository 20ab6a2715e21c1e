namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Lookaround the regex front end does not read, rewritten where it is a plain language operation under search
/// semantics: lookaheads right after a leading <c>^</c> (<c>^(?!X)R</c> is <c>^R</c> less the strings starting with
/// X; <c>^(?=X)R</c> is <c>^R</c> and those), and a positive lookahead that ends the pattern (<c>R(?=X)</c> is
/// <c>R(?:X)</c>: nothing after it is constrained).
/// </summary>
internal static class PatternLookaround
{
    /// <summary>A pattern whose language, intersected with each condition's (or its complement when negated), is the original's.</summary>
    public sealed record Split(string Main, IReadOnlyList<(string Pattern, bool Negated)> Conditions);

    /// <summary>The rewrite of <paramref name="pattern"/>, or null when it has no lookaround of these shapes.</summary>
    public static Split? Of(string pattern)
    {
        var conditions = new List<(string, bool)>();
        string main = pattern;
        while (main.StartsWith("^(?=", StringComparison.Ordinal) || main.StartsWith("^(?!", StringComparison.Ordinal))
        {
            int close = ClosingParenthesis(main, 1);
            if (close < 0) return null;
            string inner = main[4..close];
            // Each alternative anchored at the start on its own, so one ending with '$' stays a top-level anchor.
            conditions.Add((string.Join("|", TopLevelAlternatives(inner).Select(a => a.StartsWith('^') ? a : "^" + a)), main[3] == '!'));
            main = "^" + main[(close + 1)..];
        }
        if (main.EndsWith(')') && main.LastIndexOf("(?=", StringComparison.Ordinal) is var open and >= 0
            && ClosingParenthesis(main, open) == main.Length - 1)
            main = main[..open] + "(?:" + main[(open + 3)..];
        return main == pattern ? null : new Split(main, conditions);
    }

    /// <summary>The index of the parenthesis closing the group opened at <paramref name="open"/>, or -1.</summary>
    private static int ClosingParenthesis(string pattern, int open)
    {
        foreach (var (i, c, depth) in Syntax(pattern, open))
            if (c == ')' && depth == 0) return i;
        return -1;
    }

    private static List<string> TopLevelAlternatives(string pattern)
    {
        var parts = new List<string>();
        int start = 0;
        foreach (var (i, c, depth) in Syntax(pattern, 0))
            if (c == '|' && depth == 0)
            {
                parts.Add(pattern[start..i]);
                start = i + 1;
            }
        parts.Add(pattern[start..]);
        return parts;
    }

    /// <summary>
    /// The pattern's parentheses and bars from <paramref name="from"/> on, with the group depth after each (escapes and
    /// character classes skipped).
    /// </summary>
    private static IEnumerable<(int Index, char Char, int Depth)> Syntax(string pattern, int from)
    {
        int depth = 0;
        bool inClass = false;
        for (int i = from; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\') i++;
            else if (inClass) inClass = c != ']';
            else if (c == '[') inClass = true;
            else if (c is '(' or ')' or '|') yield return (i, c, c == '(' ? ++depth : c == ')' ? --depth : depth);
        }
    }
}
