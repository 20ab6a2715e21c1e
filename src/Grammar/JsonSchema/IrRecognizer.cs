using System.Text;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Decides whether a short byte string belongs to a grammar by walking the IR over sets of positions (memoized per
/// rule and position). Used at compile time to keep only the <c>enum</c>/<c>const</c> values and property names that the
/// rest of a schema allows; not a decoder (the matcher is).
/// </summary>
internal sealed class IrRecognizer
{
    private readonly IReadOnlyDictionary<string, GrammarExpr> _rules;
    private readonly byte[] _text;
    private readonly Dictionary<(string, int), IReadOnlySet<int>> _memo = new();
    private readonly HashSet<(string, int)> _active = new();

    private readonly IReadOnlySet<string> _distinctItemRules;

    private IrRecognizer(IReadOnlyDictionary<string, GrammarExpr> rules, IReadOnlySet<string> distinctItemRules, byte[] text)
    {
        _rules = rules;
        _distinctItemRules = distinctItemRules;
        _text = text;
    }

    /// <summary>True when the whole of <paramref name="text"/> matches <paramref name="expr"/>; the arrays of
    /// <paramref name="distinctItemRules"/> must hold distinct strings.</summary>
    /// <exception cref="KeyNotFoundException">A referenced rule has no body (yet).</exception>
    public static bool Matches(GrammarExpr expr, IReadOnlyDictionary<string, GrammarExpr> rules, string text, IReadOnlySet<string>? distinctItemRules = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new IrRecognizer(rules, distinctItemRules ?? new HashSet<string>(), bytes).Ends(expr, 0).Contains(bytes.Length);
    }

    private IReadOnlySet<int> Ends(GrammarExpr expr, int at) => expr switch
    {
        LiteralExpr l => at + l.Bytes.Length <= _text.Length && _text.AsSpan(at, l.Bytes.Length).SequenceEqual(l.Bytes)
            ? new HashSet<int> { at + l.Bytes.Length } : Empty,
        CharClassExpr c => Scalar(at) is var (value, length) && c.Ranges.Any(r => r.First <= value && value <= r.Last)
            ? new HashSet<int> { at + length } : Empty,
        ByteClassExpr b => at < _text.Length && b.Ranges.Any(r => r.First <= _text[at] && _text[at] <= r.Last)
            ? new HashSet<int> { at + 1 } : Empty,
        SequenceExpr s => s.Items.Aggregate((IReadOnlySet<int>)new HashSet<int> { at }, (starts, item) => Step(item, starts)),
        ChoiceExpr c => c.Alternatives.SelectMany(a => Ends(a, at)).ToHashSet(),
        RepeatExpr r => RepeatEnds(r, at),
        ByteRunExpr r => RunEnds(r, at),
        ByteAutomatonExpr a => AutomatonEnds(a, at),
        CountedAutomatonExpr c => AutomatonEnds(c.Automaton, at, c.Counted, c.MaxCount),
        RuleRefExpr rule => RuleEnds(rule.Name, at),
        _ => throw new NotSupportedException(expr.GetType().Name),
    };

    private static readonly IReadOnlySet<int> Empty = new HashSet<int>();

    private IReadOnlySet<int> Step(GrammarExpr item, IReadOnlySet<int> starts) =>
        starts.SelectMany(s => Ends(item, s)).ToHashSet();

    private IReadOnlySet<int> RepeatEnds(RepeatExpr r, int at)
    {
        IReadOnlySet<int> current = new HashSet<int> { at };
        var accepted = new HashSet<int>();
        for (int count = 0; current.Count > 0; count++)
        {
            if (count >= r.Min)
            {
                int before = accepted.Count;
                accepted.UnionWith(current);
                if (accepted.Count == before && count > r.Min) break;
            }
            if (count == r.Max) break;
            current = Step(r.Item, current);
        }
        return accepted;
    }

    // A run counts the bytes of its set just before it as read by a run it meets, which is exact where nothing else
    // reads them just before a run (whitespace between JSON tokens).
    private IReadOnlySet<int> RunEnds(ByteRunExpr r, int at)
    {
        bool InRun(int i) => r.Bytes.Any(range => range.First <= _text[i] && _text[i] <= range.Last);
        int before = 0;
        while (before < r.Max && at - before > 0 && InRun(at - before - 1)) before++;
        var ends = new HashSet<int> { at };
        for (int i = at; i < _text.Length && before + i - at < r.Max && InRun(i); i++) ends.Add(i + 1);
        return ends;
    }

    // Where the automaton can end reading from `at`, entering counted states at most maxCount times.
    private IReadOnlySet<int> AutomatonEnds(ByteAutomatonExpr a, int at, bool[]? counted = null, int maxCount = 0)
    {
        var ends = new HashSet<int>();
        int count = 0;
        for (int i = at, state = 0; state >= 0; state = i < _text.Length ? a.Next[state * 256 + _text[i++]] : -1)
        {
            if (counted is not null && i > at && counted[state] && ++count > maxCount) break;
            if (a.Final[state]) ends.Add(i);
        }
        return ends;
    }

    private IReadOnlySet<int> RuleEnds(string name, int at)
    {
        if (_memo.TryGetValue((name, at), out var known)) return known;
        if (!_active.Add((name, at))) return Empty;
        var ends = Ends(_rules[name], at);
        if (_distinctItemRules.Contains(name)) ends = ends.Where(end => DistinctStrings(at, end)).ToHashSet();
        _active.Remove((name, at));
        _memo[(name, at)] = ends;
        return ends;
    }

    // Whether the array of strings text[at..end) holds no string twice.
    private bool DistinctStrings(int at, int end)
    {
        using var array = System.Text.Json.JsonDocument.Parse(_text.AsMemory(at, end - at));
        var strings = array.RootElement.EnumerateArray().Select(item => item.GetString()).ToList();
        return strings.Distinct().Count() == strings.Count;
    }

    private (int Value, int Length)? Scalar(int at)
    {
        if (at >= _text.Length) return null;
        return System.Text.Rune.DecodeFromUtf8(_text.AsSpan(at), out var rune, out int length) == System.Buffers.OperationStatus.Done
            ? (rune.Value, length) : null;
    }
}
