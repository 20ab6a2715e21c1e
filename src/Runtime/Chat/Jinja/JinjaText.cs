using System.Text;

namespace LlmLang.Runtime.Chat.Jinja;

/// <summary>Python's string operations, where .NET's differ (split on whitespace runs, maxsplit, title case).</summary>
internal static class JinjaText
{
    public static string RequireString(object? value, string function) =>
        value as string ?? throw new JinjaError($"{function}() expects a string, got {JinjaValues.TypeName(value)}");

    /// <summary><c>str.strip</c>: whitespace, or the given characters, from either or both ends.</summary>
    public static string Strip(string s, string? chars, bool start, bool end)
    {
        if (chars is null) return start && end ? s.Trim() : start ? s.TrimStart() : s.TrimEnd();
        char[] set = chars.ToCharArray();
        return start && end ? s.Trim(set) : start ? s.TrimStart(set) : s.TrimEnd(set);
    }

    /// <summary><c>str.split</c>/<c>str.rsplit</c>: without a separator, runs of whitespace split and ends are ignored.</summary>
    public static List<object?> Split(string s, string? separator, int maxSplit, bool fromRight)
    {
        List<string> parts;
        if (separator is null)
        {
            parts = [.. s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];
            if (maxSplit >= 0 && parts.Count > maxSplit + 1)
            {
                // Re-split keeping the unsplit remainder verbatim (minus the whitespace at the split side).
                parts = fromRight ? SplitWhitespaceFromRight(s, maxSplit) : SplitWhitespaceFromLeft(s, maxSplit);
            }
        }
        else
        {
            parts = [.. s.Split(separator)];
            if (maxSplit >= 0 && parts.Count > maxSplit + 1)
            {
                int keep = maxSplit;
                parts = fromRight
                    ? [string.Join(separator, parts.Take(parts.Count - keep)), .. parts.Skip(parts.Count - keep)]
                    : [.. parts.Take(keep), string.Join(separator, parts.Skip(keep))];
            }
        }
        return parts.Cast<object?>().ToList();
    }

    private static List<string> SplitWhitespaceFromLeft(string s, int maxSplit)
    {
        var parts = new List<string>();
        string rest = s.TrimStart();
        while (parts.Count < maxSplit && rest.Length > 0)
        {
            int i = 0;
            while (i < rest.Length && !char.IsWhiteSpace(rest[i])) i++;
            parts.Add(rest[..i]);
            rest = rest[i..].TrimStart();
        }
        if (rest.Length > 0) parts.Add(rest);
        return parts;
    }

    private static List<string> SplitWhitespaceFromRight(string s, int maxSplit)
    {
        var parts = new List<string>();
        string rest = s.TrimEnd();
        while (parts.Count < maxSplit && rest.Length > 0)
        {
            int i = rest.Length;
            while (i > 0 && !char.IsWhiteSpace(rest[i - 1])) i--;
            parts.Insert(0, rest[i..]);
            rest = rest[..i].TrimEnd();
        }
        if (rest.Length > 0) parts.Insert(0, rest);
        return parts;
    }

    /// <summary><c>str.splitlines</c>: on \n, \r and \r\n, with no empty item after a final line break.</summary>
    public static List<object?> SplitLines(string s)
    {
        var lines = new List<object?>();
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] is not ('\n' or '\r')) continue;
            lines.Add(s[start..i]);
            if (s[i] == '\r' && i + 1 < s.Length && s[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < s.Length) lines.Add(s[start..]);
        return lines;
    }

    /// <summary><c>str.title</c>: a letter after a non-letter is upper-cased, other letters lower-cased.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool previousIsLetter = false;
        foreach (char c in s)
        {
            sb.Append(previousIsLetter ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousIsLetter = char.IsLetter(c);
        }
        return sb.ToString();
    }

    public static string Capitalize(string s) =>
        s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    /// <summary><c>str.replace(old, new[, count])</c>.</summary>
    public static string Replace(string s, JinjaArguments a)
    {
        string old = RequireString(a.Get(0, "old"), "replace"), replacement = RequireString(a.Get(1, "new"), "replace");
        long count = a.Get(2, "count", -1L) as long? ?? throw new JinjaError("replace() count must be an integer");
        if (count < 0) return old.Length == 0 ? InsertEverywhere(s, replacement) : s.Replace(old, replacement, StringComparison.Ordinal);
        var sb = new StringBuilder();
        int from = 0;
        for (long done = 0; done < count; done++)
        {
            int at = s.IndexOf(old, from, StringComparison.Ordinal);
            if (at < 0 || (old.Length == 0 && at >= s.Length)) break;
            sb.Append(s, from, at - from).Append(replacement);
            if (old.Length == 0)
            {
                sb.Append(s[at]);
                from = at + 1;
            }
            else from = at + old.Length;
        }
        return sb.Append(s, from, s.Length - from).ToString();
    }

    private static string InsertEverywhere(string s, string insert) =>
        insert + string.Concat(s.Select(c => c + insert));

    public static long Count(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        long count = 0;
        for (int at = s.IndexOf(sub, StringComparison.Ordinal); at >= 0; at = s.IndexOf(sub, at + sub.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
