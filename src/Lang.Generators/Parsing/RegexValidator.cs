using System;
using System.Text.RegularExpressions;

namespace LlmLang.Generators.Parsing;

/// <summary>
/// Checks a regex constraint at compile time: it must parse as a .NET regex and must avoid the
/// constructs the grammar engine cannot turn into a finite automaton (backreferences, lookaround,
/// atomic groups, conditionals).
/// </summary>
internal static class RegexValidator
{
    /// <summary>Null when the pattern is usable; otherwise why not.</summary>
    public static string? Validate(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
        return FindUnsupportedConstruct(pattern);
    }

    private static string? FindUnsupportedConstruct(string pattern)
    {
        bool inClass = false;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                char next = pattern[i + 1];
                if (!inClass && next >= '1' && next <= '9')
                    return $"backreference '\\{next}' at offset {i} is not supported by the grammar engine";
                if (!inClass && next == 'k' && i + 2 < pattern.Length && (pattern[i + 2] == '<' || pattern[i + 2] == '\''))
                    return $"named backreference at offset {i} is not supported by the grammar engine";
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                continue;
            }
            if (c == '[')
            {
                inClass = true;
                // A ']' right after '[' or '[^' is a literal, not the end of the class.
                if (i + 1 < pattern.Length && pattern[i + 1] == '^') i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == ']') i++;
                continue;
            }
            if (c == '(' && i + 2 < pattern.Length && pattern[i + 1] == '?')
            {
                string? construct = DescribeGroup(pattern, i + 2);
                if (construct is not null) return $"{construct} at offset {i} is not supported by the grammar engine";
            }
        }
        return null;
    }

    private static string? DescribeGroup(string pattern, int at)
    {
        char c = pattern[at];
        if (c == '=' || c == '!') return "lookahead";
        if (c == '>') return "atomic group";
        if (c == '(') return "conditional group";
        if (c == '<' && at + 1 < pattern.Length && (pattern[at + 1] == '=' || pattern[at + 1] == '!')) return "lookbehind";
        return null;
    }
}
