namespace LlmLang.Runtime.Tokenization;

/// <summary>
/// Added and special tokens that are matched literally in text before the BPE runs (leftmost, then longest match,
/// as Hugging Face tokenizers do). Control tokens match only when the caller asks to parse special tokens.
/// </summary>
internal sealed class LiteralTokens
{
    private readonly Dictionary<char, (string Text, int Id, bool Control)[]> _byFirstChar;

    public LiteralTokens(TokenizerSpec spec)
    {
        var candidates = new List<(string Text, int Id, bool Control)>();
        for (int id = 0; id < spec.Tokens.Count; id++)
        {
            TokenType type = spec.Types[id];
            if ((type is TokenType.Control or TokenType.UserDefined) && spec.Tokens[id].Length > 0)
                candidates.Add((spec.Tokens[id], id, type == TokenType.Control));
        }
        _byFirstChar = candidates
            .GroupBy(c => c.Text[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Text.Length).ToArray());
    }

    /// <summary>Splits <paramref name="text"/> into plain segments (id -1) and literal tokens.</summary>
    public IEnumerable<(int Start, int Length, int Id)> Split(string text, bool parseSpecial)
    {
        int plainStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            int matched = -1, length = 0;
            if (_byFirstChar.TryGetValue(text[i], out var options))
            {
                foreach (var option in options)
                {
                    if ((parseSpecial || !option.Control) && text.AsSpan(i).StartsWith(option.Text, StringComparison.Ordinal))
                    {
                        (matched, length) = (option.Id, option.Text.Length);
                        break;
                    }
                }
            }
            if (matched < 0)
            {
                i++;
                continue;
            }
            if (i > plainStart) yield return (plainStart, i - plainStart, -1);
            yield return (i, length, matched);
            i += length;
            plainStart = i;
        }
        if (plainStart < text.Length) yield return (plainStart, text.Length - plainStart, -1);
    }
}
