using System.Text;

namespace LlmLang.Runtime.Chat;

/// <summary>Finds a template's <see cref="ChatTemplateFormat"/> from probe renderings; see <see cref="ChatTemplate.DeriveFormat"/>.</summary>
internal static class ChatFormatDeriver
{
    private const string StartText = "the start text", EndText = "the end text", Generation = "the generation prompt";
    private const string StartWithoutSystem = "the start text before a first non-system message";
    private const string FinalAssistant = "final assistant";

    private static readonly string[][] Probes =
    [
        ["user"], ["user", "assistant"], ["user", "assistant", "user"], ["user", "assistant", "user", "assistant"],
        ["system", "user"], ["system", "user", "assistant"], ["system", "user", "assistant", "user"],
    ];

    private static readonly ChatMessage[][] References =
    [
        [ChatMessage.User("Hello there")],
        [ChatMessage.System("You are a helpful assistant."), ChatMessage.User("What is 2+2?"), ChatMessage.Assistant("4"), ChatMessage.User("And 3+3?")],
        [ChatMessage.User("Line one\nLine two"), ChatMessage.Assistant("Answer.")],
        [ChatMessage.User("  padded \n"), ChatMessage.Assistant(" spaced  "), ChatMessage.User("x")],
        [ChatMessage.System("Be brief."), ChatMessage.User("Hi"), ChatMessage.Assistant("Hello"), ChatMessage.User("Bye"), ChatMessage.Assistant("Bye!")],
    ];

    private sealed record Equation(string Left, string Right, string Text, string Where);

    public static ChatTemplateFormat Derive(ChatTemplate template)
    {
        var equations = new List<Equation>();
        var systemEquations = new List<Equation>();
        string? systemRefusal = null;
        var firstTexts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string[] roles in Probes)
        {
            bool hasSystem = roles.Contains(ChatRoles.System);
            foreach (bool generation in new[] { false, true })
            {
                string rendered;
                try
                {
                    rendered = template.Render(roles.Select((r, i) => new ChatMessage(r, Sentinel(i))).ToList(), generation);
                }
                catch (ChatTemplateException e) when (hasSystem)
                {
                    systemRefusal ??= e.Reason;
                    continue;
                }
                catch (ChatTemplateException e)
                {
                    throw new ChatFormatException($"the chat template fails on the conversation {Describe(roles)}: {e.Message}", e);
                }
                List<Equation> cut = Cut(rendered, roles, generation);
                firstTexts.TryAdd(roles[0], cut[0].Text);
                (hasSystem ? systemEquations : equations).AddRange(cut);
            }
        }

        // Solutions with an empty end text first (most templates have one; without this preference, every turn's
        // closing token could move into the next turn's prefix). Within each, one start text for all conversations
        // first; failing that, a template may write a default system turn before a conversation that does not open
        // with a system message (Qwen2.5, Llama 3.1).
        string firstUser = firstTexts[ChatRoles.User];
        string? firstSystem = firstTexts.GetValueOrDefault(ChatRoles.System);
        Dictionary<string, string>? Find(List<Equation> system, out string? failure)
        {
            failure = null;
            foreach (bool emptyEnd in new[] { true, false })
            {
                Dictionary<string, string>? found = Solve(system, SharedStart(firstUser, template.BosToken), emptyEnd, out failure)
                    ?? (firstSystem is null ? null : Solve(system, SeparateStarts(firstSystem, firstUser, template.BosToken), emptyEnd, out _));
                if (found is not null) return found;
            }
            return null;
        }

        Dictionary<string, string>? solved = Find([.. equations, .. systemEquations], out string? failure);
        string? systemReason = null;
        if (solved is null || systemEquations.Count == 0)
        {
            systemReason = systemEquations.Count == 0
                ? $"the template refuses system messages ({systemRefusal})"
                : $"system messages are not written as a turn of their own: {failure}";
            firstSystem = null;
            solved = Find(equations, out string? userFailure)
                ?? throw new ChatFormatException($"the chat template cannot be written as per-role prefix + content + suffix: {userFailure}");
        }

        ChatTemplateFormat format = Build(template, solved, systemReason);
        Verify(template, format);
        return format;
    }

    private static string Sentinel(int index) => $"\u27e6m{index}\u27e7";

    private static string Describe(IEnumerable<string> roles) => "[" + string.Join(", ", roles) + "]";

    private static string Prefix(string role) => $"the {role} prefix";

    private static string Suffix(string role) => $"the {role} suffix";

    /// <summary>Cuts a probe rendering at its sentinels into equations <c>left + right = text</c>.</summary>
    private static List<Equation> Cut(string rendered, string[] roles, bool generation)
    {
        var cut = new List<Equation>();
        int position = 0;
        string left = roles[0] == ChatRoles.System ? StartText : StartWithoutSystem;
        for (int i = 0; i < roles.Length; i++)
        {
            string sentinel = Sentinel(i);
            int at = rendered.IndexOf(sentinel, position, StringComparison.Ordinal);
            if (at < 0 || rendered.IndexOf(sentinel, at + sentinel.Length, StringComparison.Ordinal) >= 0)
                throw new ChatFormatException(
                    $"the chat template does not write the content of message {i} of {Describe(roles)} exactly once, in order; got {Quote(rendered)}");
            bool final = i == roles.Length - 1 && roles[i] == ChatRoles.Assistant;
            string where = i == 0 ? $"before the first message of {Describe(roles)}" : $"between messages {i - 1} and {i} of {Describe(roles)}";
            cut.Add(new Equation(left, Prefix(final ? FinalAssistant : roles[i]), rendered[position..at], where));
            position = at + sentinel.Length;
            left = Suffix(roles[i]);
        }
        cut.Add(new Equation(left, generation ? Generation : EndText, rendered[position..],
            $"after the last message of {Describe(roles)} ({(generation ? "with" : "without")} the generation prompt)"));
        return cut;
    }

    /// <summary>Choices for the start text, best first: the BOS text, nothing, then longer prefixes of the first text,
    /// those that end at a tag boundary (after <c>&gt;</c>, <c>]</c> or a line break, or before <c>&lt;</c> or <c>[</c>)
    /// before the others, so that a special token is not cut in two.</summary>
    private static IEnumerable<string> StartCandidates(string firstText, string? bos)
    {
        bool AtBoundary(int length) =>
            length == firstText.Length || firstText[length - 1] is '>' or ']' or '\n' || firstText[length] is '<' or '[';
        var lengths = Enumerable.Range(1, firstText.Length).OrderBy(length => AtBoundary(length) ? 0 : 1).ThenBy(length => length);
        IEnumerable<string> candidates = new[] { "" }.Concat(lengths.Select(length => firstText[..length]));
        return !string.IsNullOrEmpty(bos) && firstText.StartsWith(bos, StringComparison.Ordinal)
            ? candidates.Where(c => c != bos).Prepend(bos)
            : candidates;
    }

    /// <summary>The same start text whatever the first role.</summary>
    private static IEnumerable<Dictionary<string, string>> SharedStart(string firstUserText, string? bos) =>
        StartCandidates(firstUserText, bos).Select(start => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StartText] = start,
            [StartWithoutSystem] = start,
        });

    /// <summary>A start text, and a longer one (start + default system turn) before a first user message; the longest
    /// such default turn first, since it leaves the user turn its own natural prefix.</summary>
    private static IEnumerable<Dictionary<string, string>> SeparateStarts(string firstSystemText, string firstUserText, string? bos)
    {
        foreach (string start in StartCandidates(firstSystemText, bos).Where(s => firstUserText.StartsWith(s, StringComparison.Ordinal)))
            for (int length = firstUserText.Length; length > start.Length; length--)
                yield return new Dictionary<string, string>(StringComparer.Ordinal) { [StartText] = start, [StartWithoutSystem] = firstUserText[..length] };
    }

    private static Dictionary<string, string>? Solve(List<Equation> equations, IEnumerable<Dictionary<string, string>> pins, bool emptyEnd, out string? failure)
    {
        failure = null;
        foreach (Dictionary<string, string> pinned in pins)
        {
            Dictionary<string, string>? solved = Propagate(equations, pinned, out string? why);
            if (solved is not null && (!emptyEnd || solved[EndText].Length == 0)) return solved;
            failure ??= why;
        }
        return null;
    }

    private static Dictionary<string, string>? Propagate(List<Equation> equations, Dictionary<string, string> pinned, out string? failure)
    {
        var known = new Dictionary<string, string>(pinned, StringComparer.Ordinal);
        for (bool progress = true; progress;)
        {
            progress = false;
            foreach (Equation e in equations)
            {
                bool hasLeft = known.TryGetValue(e.Left, out string? left), hasRight = known.TryGetValue(e.Right, out string? right);
                if (hasLeft && hasRight && left + right == e.Text) continue;
                if (hasLeft && !hasRight && e.Text.StartsWith(left!, StringComparison.Ordinal)) known[e.Right] = e.Text[left!.Length..];
                else if (hasRight && !hasLeft && e.Text.EndsWith(right!, StringComparison.Ordinal)) known[e.Left] = e.Text[..^right!.Length];
                else if (hasLeft || hasRight)
                {
                    failure = $"{e.Where} the template wrote {Quote(e.Text)}, which is not {e.Left} {Quote(left)} followed by {e.Right} {Quote(right)}";
                    return null;
                }
                else continue;
                progress = true;
            }
        }
        string? unknown = equations.SelectMany(e => new[] { e.Left, e.Right }).FirstOrDefault(name => !known.ContainsKey(name));
        failure = unknown is null ? null : $"{unknown} cannot be separated from its neighbours";
        return unknown is null ? known : null;
    }

    private static ChatTemplateFormat Build(ChatTemplate template, Dictionary<string, string> solved, string? systemReason)
    {
        string[] roles = systemReason is null ? [ChatRoles.System, ChatRoles.User, ChatRoles.Assistant] : [ChatRoles.User, ChatRoles.Assistant];
        var trims = TrimmedRoles(template, roles);
        ChatTurnFormat Turn(string role) => new(solved[Prefix(role)], solved[Suffix(role)], trims.Contains(role));
        string assistantPrefix = solved[Prefix(ChatRoles.Assistant)];
        string finalPrefix = solved[Prefix(FinalAssistant)];
        return new ChatTemplateFormat(solved[StartText], systemReason is null ? Turn(ChatRoles.System) : null, Turn(ChatRoles.User), Turn(ChatRoles.Assistant),
            solved[Generation], solved[EndText])
        {
            FinalAssistantPrefix = finalPrefix == assistantPrefix ? null : finalPrefix,
            ImplicitSystem = solved[StartWithoutSystem][solved[StartText].Length..],
            SystemUnavailableReason = systemReason,
        };
    }

    /// <summary>Roles whose content the template strips: a sentinel padded with whitespace comes out without it.</summary>
    private static HashSet<string> TrimmedRoles(ChatTemplate template, string[] roles)
    {
        string[] conversation = [.. roles, ChatRoles.User];
        const string pad = " \n";
        string rendered = template.Render(conversation.Select((r, i) => new ChatMessage(r, pad + Sentinel(i) + pad)).ToList(), false);
        return roles.Where((r, i) => !rendered.Contains(pad + Sentinel(i) + pad, StringComparison.Ordinal)).ToHashSet();
    }

    private static void Verify(ChatTemplate template, ChatTemplateFormat format)
    {
        foreach (ChatMessage[] conversation in References)
        {
            if (format.System is null && conversation.Any(m => m.Role == ChatRoles.System)) continue;
            foreach (bool generation in new[] { false, true })
            {
                string expected;
                try
                {
                    expected = template.Render(conversation, generation);
                }
                catch (ChatTemplateException e) when (e.RaisedByTemplate)
                {
                    continue;
                }
                string actual = format.Render(conversation, generation);
                if (actual == expected) continue;
                int at = 0;
                while (at < Math.Min(actual.Length, expected.Length) && actual[at] == expected[at]) at++;
                throw new ChatFormatException(
                    $"the chat template cannot be written as per-role prefix + content + suffix: for {Describe(conversation.Select(m => m.Role))} " +
                    $"({(generation ? "with" : "without")} the generation prompt) it writes {Quote(Around(expected, at))} at character {at}, " +
                    $"where prefix + content + suffix gives {Quote(Around(actual, at))}");
            }
        }
    }

    private static string Around(string text, int at) => text[Math.Max(0, at - 20)..Math.Min(text.Length, at + 20)];

    private static string Quote(string? text)
    {
        if (text is null) return "(unknown)";
        var sb = new StringBuilder("\"");
        foreach (char c in text) sb.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '"' => "\\\"", _ => c.ToString() });
        return sb.Append('"').ToString();
    }
}
