using System.Text;
using LlmLang.Grammar.Automata;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.RegularExpressions;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// A regular language of JSON string content (the canonical escaped text between the quotes, as UTF-8 bytes) held as
/// a minimal complete DFA over bytes, closed under intersection, union and complement relative to
/// <see cref="Any"/>. This is what combines <c>pattern</c>s, <c>format</c>s, length limits and pattern-matched keys
/// exactly; <see cref="ToExpr"/> turns the result back into IR. Every operation is bounded by
/// <see cref="MaxStates"/> and raises a <see cref="GrammarException"/> naming the limit instead of blowing up.
/// </summary>
internal sealed class StringLanguage
{
    /// <summary>Most DFA states one language (or an intermediate product) may have.</summary>
    public const int MaxStates = 4096;

    /// <summary>Most subsets while determinizing an expression: a pattern's subset automaton can be several times its
    /// minimal one (word-count patterns such as <c>^(?:\S+\s+){0,49}\S+$</c>: 1,901 states from more than 4,096).</summary>
    public const int MaxSubsetStates = 4 * MaxStates;

    private const int MaxNfaStates = 200_000;

    // [state * 256 + byte] → state; complete (a dead state absorbs what the language rejects); state 0 starts.
    private readonly int[] _next;
    private readonly bool[] _final;

    private StringLanguage(int[] next, bool[] final)
    {
        _next = next;
        _final = final;
    }

    // The first byte of each run of bytes on which every state steps alike, computed once: the operations below step
    // once per run rather than per byte (a key, word-count or format language has a few dozen runs of 256 bytes).
    private int[]? _runStarts;

    private int[] RunStarts => _runStarts ??= RunStartsOf(_next, _final.Length);

    private static int[] RunStartsOf(int[] next, int states)
    {
        var startsRun = new bool[256];
        startsRun[0] = true;
        for (int s = 0; s < states; s++)
        {
            var row = next.AsSpan(s * 256, 256);
            for (int b = 1; b < 256; b++) startsRun[b] |= row[b] != row[b - 1];
        }
        return Enumerable.Range(0, 256).Where(b => startsRun[b]).ToArray();
    }

    // The runs of two languages stepped together: a byte starts one where it starts a run of either.
    private static int[] JointRunStarts(StringLanguage a, StringLanguage b) => a.RunStarts.Union(b.RunStarts).Order().ToArray();

    private static int RunLength(int[] runStarts, int k) => (k + 1 < runStarts.Length ? runStarts[k + 1] : 256) - runStarts[k];

    /// <summary>Every canonical JSON string content: any number of characters, each spelled canonically.</summary>
    public static StringLanguage Any { get; } = Of(Expr.Repeat(JsonStringGrammar.AnyChar, 0, null));

    /// <summary>Exactly these names (decoded strings), spelled canonically.</summary>
    public static StringLanguage OfNames(IEnumerable<string> names) =>
        Of(Expr.Or(names.Select(n => Expr.Text(JsonStringGrammar.Quote(n)[1..^1]))));

    /// <summary>The language of an IR expression over content bytes (no rule references).</summary>
    /// <exception cref="GrammarException">The expression is invalid or its automaton exceeds a limit.</exception>
    public static StringLanguage Of(GrammarExpr content)
    {
        var (nfa, _, fragments) = NfaLowering.Lower(GrammarDefinition.FromExpr(content), MaxNfaStates);
        var language = Determinize(nfa, fragments[0].Start, fragments[0].Final);
        nfa.Release();
        return language;
    }

    /// <summary>
    /// The language of a pattern's content: its top-level alternatives one at a time, minimized after each union. As one
    /// automaton, the subsets of a search such as <c>^list|date|time|…|number$</c> remember which alternatives have
    /// matched so far (2^n sets, past the limit), which the minimal automaton (68 states there) does not.
    /// </summary>
    /// <exception cref="GrammarException">The expression is invalid or an automaton exceeds a limit.</exception>
    public static StringLanguage OfAlternatives(GrammarExpr content) =>
        content is ChoiceExpr { Alternatives.Count: > 1 and <= MaxSplitAlternatives } choice
            ? choice.Alternatives.Select(Of).Aggregate((a, b) => a.Union(b))
            : Of(content);

    private const int MaxSplitAlternatives = 64;

    /// <summary>Number of states of the minimal complete DFA (the dead state included).</summary>
    public int StateCount => _final.Length;

    /// <summary>True when no text belongs to the language.</summary>
    public bool IsEmpty => !Live()[0];

    /// <summary>Both languages.</summary>
    public StringLanguage Intersect(StringLanguage other) => Product(other, (a, b) => a && b);

    /// <summary>Either language.</summary>
    public StringLanguage Union(StringLanguage other) => Product(other, (a, b) => a || b);

    /// <summary>This language without the texts of <paramref name="other"/>.</summary>
    public StringLanguage Minus(StringLanguage other) => Product(other, (a, b) => a && !b);

    /// <summary>
    /// The texts of this language of <paramref name="min"/>..<paramref name="max"/> characters (code points). Counted
    /// alongside this automaton rather than intersected with a length automaton, which would hold every UTF-8 and
    /// escape shape at every count even when this language uses few of them.
    /// </summary>
    public StringLanguage WithLength(int min, int? max)
    {
        int cap = max ?? min;
        var index = new Dictionary<(int, int, int), int>();
        var triples = new List<(int State, int Shape, int Count)>();
        var next = new List<int>();
        int Intern((int, int, int) triple)
        {
            if (index.TryGetValue(triple, out int id)) return id;
            CheckSize(triples.Count);
            index[triple] = id = triples.Count;
            triples.Add(triple);
            return id;
        }
        // Pairs that cannot complete all become one dead triple, or each count would keep its own copy.
        var live = Live();
        var dead = (-1, -1, -1);
        Intern(live[0] ? (0, 0, 0) : dead);
        var runs = JointRunStarts(this, Any);
        for (int i = 0; i < triples.Count; i++)
        {
            var (state, shape, count) = triples[i];
            for (int k = 0; k < runs.Length; k++)
            {
                int b = runs[k];
                var target = dead;
                if (state >= 0)
                {
                    // Any's start state is its only final state: reaching it completes one character.
                    int nextState = _next[state * 256 + b], nextShape = Any._next[shape * 256 + b];
                    int nextCount = Math.Min(nextShape == 0 ? count + 1 : count, max is null ? cap : cap + 1);
                    if (live[nextState] && nextCount <= cap) target = (nextState, nextShape, nextCount);
                }
                int id = Intern(target);
                for (int j = RunLength(runs, k); j > 0; j--) next.Add(id);
            }
        }
        return Minimize(next.ToArray(), triples.Select(t => t.State >= 0 && _final[t.State] && Any._final[t.Shape] && t.Count >= min).ToArray());
    }

    /// <summary>
    /// The texts of this language of at most <paramref name="max"/> characters, as an automaton whose parser frame
    /// counts the characters (<see cref="CountedAutomatonExpr"/>): for a limit too long to count in states. Its
    /// states pair this language's with <see cref="Any"/>'s, whose start marks the character boundaries.
    /// </summary>
    public CountedAutomatonExpr CountedTo(int max)
    {
        var live = Live();
        var (pairs, next) = Pairs(JointRunStarts(this, Any), (state, shape, b) => live[_next[state * 256 + b]] ? (_next[state * 256 + b], Any._next[shape * 256 + b]) : null);
        var automaton = new ByteAutomatonExpr(next, pairs.Select(p => _final[p.A]).ToArray());
        return new CountedAutomatonExpr(automaton, pairs.Select(p => p.B == 0).ToArray(), max);
    }

    /// <summary>
    /// The language of a pattern whose inner anchors are marker bytes (<see cref="RegexOptions.InnerAnchors"/>): the
    /// texts that some word of this language spells once its markers are dropped, where every start marker stands
    /// before the first byte and every end marker after the last (both, for the empty text, in any order). A subset
    /// construction: the start reads start markers first, each set ends where end markers lead to an end.
    /// </summary>
    public StringLanguage WithoutAnchorMarkers()
    {
        const int start = RegexGrammar.StartMarker, end = RegexGrammar.EndMarker;
        SortedSet<int> Reach(IEnumerable<int> from, params int[] markers)
        {
            var reached = new SortedSet<int>(from);
            var work = new Stack<int>(reached);
            while (work.Count > 0)
            {
                int q = work.Pop();
                foreach (int m in markers)
                    if (reached.Add(_next[q * 256 + m])) work.Push(_next[q * 256 + m]);
            }
            return reached;
        }
        var index = new Dictionary<string, int>();
        var sets = new List<int[]>();
        var final = new List<bool>();
        var next = new List<int>();
        int Intern(string key, SortedSet<int> set, bool isFinal)
        {
            if (index.TryGetValue(key, out int id)) return id;
            CheckSize(sets.Count);
            index[key] = id = sets.Count;
            sets.Add(set.ToArray());
            final.Add(isFinal);
            return id;
        }
        int Set(SortedSet<int> set) => Intern(string.Join(',', set), set, set.Any(q => Reach([q], end).Any(r => _final[r])));
        // The start set keeps its own key: only it may end with the empty text, where markers mix.
        Intern("start", Reach([0], start), Reach([0], start, end).Any(r => _final[r]));
        for (int i = 0; i < sets.Count; i++)
            for (int b = 0; b < 256; b++)
                next.Add(b is start or end ? Set([]) : Set(new SortedSet<int>(sets[i].Select(q => _next[q * 256 + b]))));
        return Minimize(next.ToArray(), final.ToArray());
    }

    /// <summary>Every canonical content not in this language.</summary>
    public StringLanguage Complement() => Any.Minus(this);

    /// <summary>Whether the canonical spelling of <paramref name="value"/> (a decoded string) belongs to the language.</summary>
    public bool Contains(string value)
    {
        int state = 0;
        foreach (byte b in Encoding.UTF8.GetBytes(JsonStringGrammar.Quote(value)[1..^1])) state = _next[state * 256 + b];
        return _final[state];
    }

    /// <summary>The language as an IR expression over content bytes: its automaton over the live states (none: an
    /// expression that matches nothing).</summary>
    public GrammarExpr ToExpr()
    {
        var live = Live();
        if (!live[0]) return Expr.Nothing;
        var id = new int[_final.Length];
        int count = 0;
        for (int s = 0; s < id.Length; s++) id[s] = live[s] ? count++ : -1;
        var next = new int[count * 256];
        var final = new bool[count];
        for (int s = 0; s < id.Length; s++)
        {
            if (id[s] < 0) continue;
            final[id[s]] = _final[s];
            for (int b = 0; b < 256; b++) next[id[s] * 256 + b] = id[_next[s * 256 + b]];
        }
        return new ByteAutomatonExpr(next, final);
    }

    /// <summary>States from which some final state is reachable.</summary>
    private bool[] Live()
    {
        int n = _final.Length;
        var sources = new List<int>[n];
        for (int s = 0; s < n; s++) sources[s] = [];
        var runs = RunStarts;
        for (int s = 0; s < n; s++)
        foreach (int b in runs)
        {
            int t = _next[s * 256 + b];
            if (sources[t].Count == 0 || sources[t][^1] != s) sources[t].Add(s);
        }
        var live = new bool[n];
        var work = new Stack<int>();
        for (int s = 0; s < n; s++) if (_final[s]) { live[s] = true; work.Push(s); }
        while (work.Count > 0)
            foreach (int s in sources[work.Pop()])
                if (!live[s]) { live[s] = true; work.Push(s); }
        return live;
    }

    private StringLanguage Product(StringLanguage other, Func<bool, bool, bool> accept)
    {
        var (pairs, next) = Pairs(JointRunStarts(this, other), (a, b, c) => (_next[a * 256 + c], other._next[b * 256 + c]));
        return Minimize(next, pairs.Select(p => accept(_final[p.A], other._final[p.B])).ToArray());
    }

    // The pairs of states reachable from (0, 0) in discovery order, and their 256 successors each (-1 where `step`
    // gives none), stepped once per run of bytes that `step` treats alike.
    private static (List<(int A, int B)> Pairs, int[] Next) Pairs(int[] runStarts, Func<int, int, int, (int, int)?> step)
    {
        var index = new Dictionary<(int, int), int>();
        var pairs = new List<(int A, int B)>();
        var next = new List<int>();
        int Intern((int, int) pair)
        {
            if (index.TryGetValue(pair, out int id)) return id;
            CheckSize(pairs.Count);
            index[pair] = id = pairs.Count;
            pairs.Add(pair);
            return id;
        }
        Intern((0, 0));
        for (int i = 0; i < pairs.Count; i++)
        {
            var (a, b) = pairs[i];
            for (int k = 0; k < runStarts.Length; k++)
            {
                int id = step(a, b, runStarts[k]) is { } target ? Intern(target) : -1;
                for (int j = RunLength(runStarts, k); j > 0; j--) next.Add(id);
            }
        }
        return (pairs, next.ToArray());
    }

    // Subset construction over the NFA's byte classes; a missing edge leads to the empty set (the dead state).
    private static StringLanguage Determinize(Nfa nfa, int start, int finalState)
    {
        var boundary = new bool[257];
        foreach (var (lo, hi, _) in nfa.Bytes.All) { boundary[lo] = boundary[hi + 1] = true; }
        var classStarts = Enumerable.Range(0, 256).Where(b => b == 0 || boundary[b]).ToArray();
        var classOf = new int[256];
        for (int k = 0, b = 0; b < 256; b++)
        {
            if (k + 1 < classStarts.Length && classStarts[k + 1] == b) k++;
            classOf[b] = k;
        }

        var index = new Dictionary<int[], int>(IntArrayComparer.Instance);
        var sets = new List<int[]>();
        var next = new List<int>();
        // Epsilon closures marked by epoch, so no set is cleared per subset.
        var seen = new int[nfa.Count];
        int epoch = 0;
        var pending = new Stack<int>();
        var closure = new List<int>();
        int Intern(List<int> seeds)
        {
            epoch++;
            closure.Clear();
            foreach (int s in seeds)
                if (seen[s] != epoch) { seen[s] = epoch; pending.Push(s); }
            while (pending.Count > 0)
            {
                int s = pending.Pop();
                closure.Add(s);
                foreach (int t in nfa.Epsilon[s])
                    if (seen[t] != epoch) { seen[t] = epoch; pending.Push(t); }
            }
            closure.Sort();
            var key = closure.ToArray();
            if (index.TryGetValue(key, out int id)) return id;
            CheckSize(sets.Count, MaxSubsetStates);
            index[key] = id = sets.Count;
            sets.Add(key);
            return id;
        }
        var bySeed = new Dictionary<int, int>();
        var targets = new List<int>[classStarts.Length];
        for (int k = 0; k < targets.Length; k++) targets[k] = new List<int>();
        Intern([start]);
        for (int i = 0; i < sets.Count; i++)
        {
            foreach (var list in targets) list.Clear();
            foreach (int s in sets[i])
            foreach (var (lo, hi, to) in nfa.Bytes[s])
                for (int k = classOf[lo]; k <= classOf[hi]; k++) targets[k].Add(to);
            var row = new int[256];
            // Most classes lead to one NFA state, or to the same states as the class before (a counted `.`): those
            // closures are looked up without building their sets again.
            List<int>? previous = null;
            int previousTo = -1;
            for (int k = 0; k < classStarts.Length; k++)
            {
                int lo = classStarts[k], hi = k + 1 < classStarts.Length ? classStarts[k + 1] - 1 : 255;
                var seeds = targets[k];
                int to;
                if (previous is not null && System.Runtime.InteropServices.CollectionsMarshal.AsSpan(seeds).SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(previous))) to = previousTo;
                else if (seeds.Count == 1)
                {
                    if (!bySeed.TryGetValue(seeds[0], out to)) bySeed[seeds[0]] = to = Intern(seeds);
                }
                else to = Intern(seeds);
                (previous, previousTo) = (seeds, to);
                for (int b = lo; b <= hi; b++) row[b] = to;
            }
            next.AddRange(row);
        }
        var minimal = Minimize(next.ToArray(), sets.Select(s => Array.BinarySearch(s, finalState) >= 0).ToArray());
        CheckSize(minimal.StateCount - 1);
        return minimal;
    }

    private static void CheckSize(int states, int limit = MaxStates)
    {
        if (states >= limit)
            throw new GrammarException($"string language too large: more than {limit} automaton states (limit StringLanguage.{(limit == MaxStates ? nameof(MaxStates) : nameof(MaxSubsetStates))})");
    }

    // Hopcroft's partition refinement over the bytes' column classes (bytes no state tells apart), states renumbered so
    // that the start state stays 0. Moore's rounds cost a pass over every state per round, and counting patterns (a
    // word count up to 99, a key of up to 255 characters) need a round per count: seconds, where this takes
    // milliseconds.
    private static StringLanguage Minimize(int[] next, bool[] final)
    {
        int n = final.Length;
        // A byte whose every row steps as the byte before it has that byte's column: only the first of each run is
        // read down its column (rows are read along, which the cache serves far better).
        var column = new char[n];
        var columns = RunStartsOf(next, n)
            .GroupBy(b =>
            {
                for (int s = 0; s < n; s++) column[s] = (char)next[s * 256 + b];
                return new string(column);
            })
            .Select(g => g.First()).ToArray();
        int k = columns.Length;
        // Predecessors per column: predecessors[predecessorStart[c * (n + 1) + t] ..] are the states stepping to t on c.
        var predecessorStart = new int[k * (n + 1)];
        var predecessors = new int[k * n];
        var fill = new int[n];
        for (int c = 0; c < k; c++)
        {
            int offset = c * (n + 1);
            for (int s = 0; s < n; s++) predecessorStart[offset + next[s * 256 + columns[c]] + 1]++;
            for (int t = 0; t < n; t++) predecessorStart[offset + t + 1] += predecessorStart[offset + t];
            Array.Clear(fill);
            for (int s = 0; s < n; s++)
            {
                int t = next[s * 256 + columns[c]];
                predecessors[c * n + predecessorStart[offset + t] + fill[t]++] = s;
            }
        }
        // Blocks are ranges of `states`; `position` is each state's index there.
        var states = new int[n];
        var position = new int[n];
        var block = new int[n];
        var first = new int[n + 1];
        var end = new int[n + 1];
        var marked = new int[n + 1];
        int at = 0;
        for (int s = 0; s < n; s++) if (!final[s]) states[at++] = s;
        int nonFinal = at;
        for (int s = 0; s < n; s++) if (final[s]) states[at++] = s;
        int blocks = 0;
        if (nonFinal > 0) { first[blocks] = 0; end[blocks] = nonFinal; blocks++; }
        if (nonFinal < n) { first[blocks] = nonFinal; end[blocks] = n; blocks++; }
        for (int b = 0; b < blocks; b++)
            for (int i = first[b]; i < end[b]; i++) { block[states[i]] = b; position[states[i]] = i; }
        // Splitters (block, column). Splitting a block pushes its smaller part for every column: a part whose parent
        // was still pending is then covered by the parent's entry, and otherwise the smaller half suffices (Hopcroft).
        var pending = new Stack<(int Block, int Column)>();
        if (blocks == 2)
        {
            int smaller = end[0] - first[0] <= end[1] - first[1] ? 0 : 1;
            for (int c = 0; c < k; c++) pending.Push((smaller, c));
        }
        var splitter = new List<int>();
        var touched = new List<int>();
        while (pending.Count > 0)
        {
            var (a, c) = pending.Pop();
            splitter.Clear();
            for (int i = first[a]; i < end[a]; i++)
            {
                int t = states[i], from = c * (n + 1) + t;
                for (int p = predecessorStart[from]; p < predecessorStart[from + 1]; p++) splitter.Add(predecessors[c * n + p]);
            }
            touched.Clear();
            foreach (int s in splitter)
            {
                int y = block[s];
                if (marked[y]++ == 0) touched.Add(y);
                // Move s to the marked front of its block.
                int to = first[y] + marked[y] - 1, other = states[to];
                states[position[s]] = other;
                position[other] = position[s];
                states[to] = s;
                position[s] = to;
            }
            foreach (int y in touched)
            {
                int m = marked[y], size = end[y] - first[y];
                marked[y] = 0;
                if (m == size) continue;
                int z = blocks++;
                if (m <= size - m)
                {
                    first[z] = first[y];
                    end[z] = first[y] + m;
                    first[y] = end[z];
                }
                else
                {
                    first[z] = first[y] + m;
                    end[z] = end[y];
                    end[y] = first[z];
                }
                for (int i = first[z]; i < end[z]; i++) block[states[i]] = z;
                for (int d = 0; d < k; d++) pending.Push((z, d));
            }
        }
        // Renumber blocks in order of first state, so the start state's block is 0.
        var id = new int[blocks];
        Array.Fill(id, -1);
        int ids = 0;
        for (int s = 0; s < n; s++)
            if (id[block[s]] < 0) id[block[s]] = ids++;
        for (int s = 0; s < n; s++) block[s] = id[block[s]];
        var minimalNext = new int[blocks * 256];
        var minimalFinal = new bool[blocks];
        for (int s = 0; s < n; s++)
        {
            minimalFinal[block[s]] = final[s];
            for (int b = 0; b < 256; b++) minimalNext[block[s] * 256 + b] = block[next[s * 256 + b]];
        }
        return new StringLanguage(minimalNext, minimalFinal);
    }
}
