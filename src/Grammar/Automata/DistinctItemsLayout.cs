using LlmLang.Grammar.Compilation;

namespace LlmLang.Grammar.Automata;

/// <summary>
/// The states of the distinct-items rules (<see cref="Ir.GrammarDefinition.DistinctItemRules"/>) laid out against their
/// JSON arrays of strings, so that a parser frame that records its strings (<see cref="Matching.DistinctItems"/>) can
/// refuse, exactly, every byte after which the array cannot be finished with distinct strings:
/// <list type="bullet">
/// <item>where each state stands: between the strings, inside one, or just after a backslash inside one;</item>
/// <item>how many more strings each state needs before the array can end;</item>
/// <item>from inside a string, in how many ways it can still end (<see cref="Unbounded"/> for infinitely many);</item>
/// <item>per rule, how many strings an item can be.</item>
/// </list>
/// A state stays alive while no more strings are needed than the unused values left, and, inside a string, while some
/// ending is not a string already written. Building the layout checks what makes that test exact: a rule reads only
/// strings and array punctuation and calls nothing, every item takes the same strings, and the strings that end an
/// item all leave the array needing the same number of strings more.
/// </summary>
internal sealed class DistinctItemsLayout
{
    /// <summary>Not in a distinct-items rule.</summary>
    public const sbyte None = -1;

    /// <summary>Between the strings (brackets, commas, whitespace).</summary>
    public const sbyte Between = 0;

    /// <summary>Inside a string, where a quote closes it.</summary>
    public const sbyte Inside = 1;

    /// <summary>Inside a string, just after a backslash.</summary>
    public const sbyte Escaped = 2;

    /// <summary>Infinitely many (or more than a long counts).</summary>
    public const long Unbounded = long.MaxValue;

    private readonly PushdownAutomaton _a;
    private readonly int _quoteClass;
    private readonly int[] _needed;
    private readonly long[] _endings;
    private readonly long[] _values;

    private DistinctItemsLayout(PushdownAutomaton a)
    {
        _a = a;
        _quoteClass = a.ClassOf['"'];
        Position = new sbyte[a.StateCount];
        Array.Fill(Position, None);
        _needed = new int[a.StateCount];
        _endings = new long[a.StateCount];
        _values = new long[a.StateCount];
        DependsOnItems = new bool[a.StateCount];
    }

    /// <summary>Each state's position (<see cref="None"/> outside distinct-items rules).</summary>
    public sbyte[] Position { get; }

    /// <summary>Per state: whether stepping into it is decided by the strings written (its rule's items are finitely
    /// many, or it is inside a string that can end in finitely many ways). Closing quotes always are.</summary>
    public bool[] DependsOnItems { get; }

    /// <summary>Bytes held.</summary>
    public long MemoryBytes => 22L * Position.Length;

    /// <summary>The layout; null when no rule is a distinct-items rule.</summary>
    /// <exception cref="GrammarException">A distinct-items rule breaks one of the conditions (the message names it).</exception>
    public static DistinctItemsLayout? Of(PushdownAutomaton a, bool[] distinctRule)
    {
        if (!distinctRule.Contains(true)) return null;
        var layout = new DistinctItemsLayout(a);
        for (int rule = 0; rule < distinctRule.Length; rule++)
            if (distinctRule[rule]) layout.Lay(rule);
        return layout;
    }

    /// <summary>Whether a frame in <paramref name="state"/> holding <paramref name="items"/> can still finish its array.</summary>
    public bool Alive(int state, Matching.DistinctItems items)
    {
        long values = _values[state];
        long unused = values == Unbounded ? Unbounded : values - items.Count;
        if (_needed[state] > unused) return false;
        if (Position[state] == Between || _endings[state] == Unbounded) return true;
        string current = items.Current ?? "";
        long repeats = 0;
        foreach (string written in items.Written)
            if (written.StartsWith(current, StringComparison.Ordinal) && EndsWith(state, written, current.Length)) repeats++;
        return _endings[state] > repeats;
    }

    // Whether `text` from `start` on, read from `state`, is a way for the string to end (then a quote closes it).
    private bool EndsWith(int state, string text, int start)
    {
        for (int i = start; i < text.Length && state >= 0; i++) state = _a.Next[state * _a.ClassCount + _a.ClassOf[text[i]]];
        return state >= 0 && Position[state] == Inside && _a.Next[state * _a.ClassCount + _quoteClass] >= 0;
    }

    private bool Closes(int state, int cls) => Position[state] == Inside && cls == _quoteClass;

    private void Lay(int rule)
    {
        string name = _a.RuleNames[rule];
        int first = _a.RuleStart[rule], end = rule + 1 < _a.RuleStart.Length ? _a.RuleStart[rule + 1] : _a.StateCount;
        if (rule == 0) throw new GrammarException($"'{name}': a distinct-items rule cannot be the start rule");
        MarkPositions(name, first, end);
        CountEndings(first, end);
        CountNeeded(first, end);
        // Every item must take the same strings, and each must leave the array needing as many more.
        int? model = null;
        long values = 0;
        for (int s = first; s < end; s++)
        {
            if (Position[s] != Between || _a.Next[s * _a.ClassCount + _quoteClass] is var opened && opened < 0) continue;
            if (model is null)
            {
                model = opened;
                values = _endings[opened];
            }
            else if (!SameStrings(model.Value, opened)) throw new GrammarException($"'{name}': the items do not all take the same strings");
            if (ClosingTargets(opened).Select(t => _needed[t]).Distinct().Count() > 1)
                throw new GrammarException($"'{name}': strings of one item leave the array needing different numbers of items");
        }
        for (int s = first; s < end; s++)
        {
            _values[s] = values;
            DependsOnItems[s] = values != Unbounded || Position[s] != Between && _endings[s] != Unbounded;
        }
    }

    private void MarkPositions(string name, int first, int end)
    {
        var queue = new Queue<int>();
        Position[first] = Between;
        queue.Enqueue(first);
        while (queue.Count > 0)
        {
            int s = queue.Dequeue();
            if (_a.HasCalls(s)) throw new GrammarException($"'{name}': the items must be strings that use no recursive rule");
            if (_a.Final[s] && Position[s] != Between) throw new GrammarException($"'{name}': the array ends inside a string");
            for (int b = 0; b < 256; b++)
            {
                int t = _a.Next[s * _a.ClassCount + _a.ClassOf[b]];
                if (t < 0) continue;
                sbyte p = Position[s] switch
                {
                    Between when b == '"' => Inside,
                    Between when b is (byte)'[' or (byte)']' or (byte)',' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' => Between,
                    Between => throw new GrammarException($"'{name}': the items must be strings (it reads '{(char)b}' between them)"),
                    Inside when b == '"' => Between,
                    Inside when b == '\\' => Escaped,
                    _ => Inside,
                };
                if (t < first || t >= end) throw new GrammarException($"'{name}': a state leads out of its rule");
                if (Position[t] == None)
                {
                    Position[t] = p;
                    queue.Enqueue(t);
                }
                else if (Position[t] != p) throw new GrammarException($"'{name}': a state is both inside and outside a string");
            }
        }
    }

    // Ways to end from each state inside a string: the closing quote is one, every other byte leads on; a state that
    // can reach a cycle inside the string has unboundedly many. Computed by peeling states whose successors are known.
    private void CountEndings(int first, int end)
    {
        var classSize = new int[_a.ClassCount];
        for (int b = 0; b < 256; b++) classSize[_a.ClassOf[b]]++;
        var known = new bool[end - first];
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int s = first; s < end; s++)
            {
                if (known[s - first] || Position[s] is not (Inside or Escaped)) continue;
                long ways = 0;
                bool ready = true;
                for (int c = 0; c < _a.ClassCount && ready; c++)
                {
                    int t = _a.Next[s * _a.ClassCount + c];
                    if (t < 0) continue;
                    if (Closes(s, c)) ways = Add(ways, 1);
                    else if (!known[t - first]) ready = false;
                    else ways = Add(ways, _endings[t] > Unbounded / classSize[c] ? Unbounded : _endings[t] * classSize[c]);
                }
                if (!ready) continue;
                _endings[s] = ways;
                known[s - first] = changed = true;
            }
        }
        for (int s = first; s < end; s++)
            if (!known[s - first] && Position[s] != Between) _endings[s] = Unbounded;
    }

    private static long Add(long a, long b) => a > Unbounded - b ? Unbounded : a + b;

    // Fewest closing quotes from each state to the array's end (Bellman-Ford over the rule; a closing quote costs one).
    private void CountNeeded(int first, int end)
    {
        for (int s = first; s < end; s++) _needed[s] = _a.Final[s] ? 0 : int.MaxValue;
        for (bool changed = true; changed;)
        {
            changed = false;
            for (int s = first; s < end; s++)
                for (int c = 0; c < _a.ClassCount; c++)
                {
                    int t = _a.Next[s * _a.ClassCount + c];
                    if (t < 0 || _needed[t] == int.MaxValue) continue;
                    int via = _needed[t] + (Closes(s, c) ? 1 : 0);
                    if (via < _needed[s])
                    {
                        _needed[s] = via;
                        changed = true;
                    }
                }
        }
    }

    // The states the closing quotes reachable inside the string opened into `opened` lead to.
    private HashSet<int> ClosingTargets(int opened)
    {
        var targets = new HashSet<int>();
        var seen = new HashSet<int> { opened };
        var stack = new Stack<int>(seen);
        while (stack.Count > 0)
        {
            int s = stack.Pop();
            for (int c = 0; c < _a.ClassCount; c++)
                if (_a.Next[s * _a.ClassCount + c] is var t && t >= 0)
                {
                    if (Closes(s, c)) targets.Add(t);
                    else if (seen.Add(t)) stack.Push(t);
                }
        }
        return targets;
    }

    // Whether the strings read from two states inside strings are the same (walked together, states paired).
    private bool SameStrings(int x, int y)
    {
        var seen = new HashSet<(int, int)> { (x, y) };
        var stack = new Stack<(int, int)>(seen);
        while (stack.Count > 0)
        {
            var (p, q) = stack.Pop();
            for (int c = 0; c < _a.ClassCount; c++)
            {
                int tp = _a.Next[p * _a.ClassCount + c], tq = _a.Next[q * _a.ClassCount + c];
                if ((tp < 0) != (tq < 0)) return false;
                if (tp < 0 || Closes(p, c)) continue;
                if (seen.Add((tp, tq))) stack.Push((tp, tq));
            }
        }
        return true;
    }
}
