using System;
using System.Text.RegularExpressions;

namespace LlmLang.Generators.Parsing;

/// <summary>
/// Checks a regex constraint at compile time: it must parse as a .NET regex and must avoid what the
/// grammar engine (ECMA syntax, finite automata) rejects: backreferences, lookaround, atomic and
/// conditional groups, inline flags, word boundaries, Unicode property escapes, and anchors anywhere
/// but the ends of the pattern or of a top-level alternative.
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
        int depth = 0;
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                string? escape = inClass ? null : DescribeEscape(pattern, i + 1);
                if (escape is not null) return $"{escape} at offset {i} is not supported by the grammar engine";
                i++;
                continue;
            }
            if (inClass)
            {
                if (c == ']') inClass = false;
                continue;
            }
            switch (c)
            {
                case '[':
                    inClass = true;
                    // A ']' right after '[' or '[^' is a literal, not the end of the class.
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^') i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == ']') i++;
                    break;
                case '(':
                    depth++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?' && DescribeGroup(pattern, i + 2) is { } group)
                        return $"{group} at offset {i} is not supported by the grammar engine";
                    break;
                case ')':
                    depth--;
                    break;
                // Inside groups the engine flattens some placements it accepts, so only top-level misplacements are certain.
                case '^' when depth == 0 && i > 0 && pattern[i - 1] != '|':
                case '$' when depth == 0 && i + 1 < pattern.Length && pattern[i + 1] != '|':
                    return $"anchor '{c}' at offset {i} is only supported at the start or end of the pattern or of a top-level alternative";
            }
        }
        return null;
    }

    private static string? DescribeEscape(string pattern, int at)
    {
        char c = pattern[at];
        if (c >= '1' && c <= '9') return $"backreference '\\{c}'";
        if (c == 'k' && at + 1 < pattern.Length && (pattern[at + 1] == '<' || pattern[at + 1] == '\'')) return "named backreference";
        if (c is 'b' or 'B') return $"word boundary '\\{c}'";
        if (c is 'p' or 'P') return $"Unicode property escape '\\{c}'";
        return null;
    }

    // Only (?:…) and (?<name>…) are groups the grammar engine knows; the rest are lookaround or flags.
    private static string? DescribeGroup(string pattern, int at)
    {
        if (at >= pattern.Length) return null;
        char c = pattern[at];
        if (c == ':') return null;
        if (c == '<' && at + 1 < pattern.Length && char.IsLetter(pattern[at + 1])) return null;
        return c switch
        {
            '=' or '!' => "lookahead",
            '>' => "atomic group",
            '(' => "conditional group",
            '<' => "lookbehind",
            _ => "inline flags or an unknown group '(?'",
        };
    }
}
