using System.Diagnostics;
using System.Runtime.InteropServices;
using LlmLang.Grammar.Compilation;

namespace LlmLang.Grammar.Automata;

/// <summary>
/// Subset construction of each called rule's NFA fragment over byte classes and call symbols, then trimming of states
/// that cannot reach an end (so every live stack can complete), then checks: the grammar accepts something and no rule
/// is left-recursive (the pushdown layer expands calls eagerly, which left recursion would make endless). A counted
/// loop's marker edge gets a class of its own that no byte maps to, leading to its tail rule's start.
/// </summary>
internal sealed class Determinizer
{
    // One per build, its per NFA state arrays allocated fresh: kept from build to build, they were slower, as a schema's
    // build follows decoding that leaves them out of the cache (fresh ones are written in order as they are cleared).
    private readonly Nfa _nfa;
    private readonly CompileLimits _limits;
    private readonly Stopwatch _clock;
    private readonly byte[] _classOf;
    private readonly int _classCount;
    private readonly int _markerClass = -1;
    // Per counted loop state: its closure, the state its item ends in, its count limit and its tail rule.
    private readonly Dictionary<int, (HashSet<int> Closure, int Back, int Limit, int TailRule)> _countedLoops = new();
    private readonly int[]?[] _closureOf;
    // The NFA states a closure keeps (null: all): those that read a byte, call a rule or end their rule. A set's other
    // states change nothing about its state, so sets that differ only in them are one state.
    private readonly bool[]? _kept;
    // Stamps only grow, so the arrays they mark need no clearing.
    private readonly int[] _stamp;
    private int _generation;
    // States are numbered in the order the queue takes them, so rows are finished in state order: each row is kept as
    // runs of classes with one target (first class, last class, target), and the dense table is built once at the end.
    private int[] _runs;
    private int _runCount;
    private readonly List<int> _runStart;
    private readonly List<List<(int Rule, int To)>?> _calls;
    // Scratch of ClosureOf (computed once per NFA state) and of unions of closures.
    private int[] _closureScratch = new int[64];
    // A set's byte edges as class ranges and its calls, reused per set; when edges overlap, the classes where pieces
    // are cut, the pieces, the edges covering a piece and their seeds.
    private (int First, int Last, int To)[] _edges = new (int, int, int)[16];
    private readonly List<(int Rule, int To)> _callScratch = new();
    private readonly bool[] _cutMarks = new bool[258];
    private readonly List<(int First, int Last)> _pieceScratch = new();
    private readonly List<int> _targetScratch = new();
    private readonly List<(int Last, int To)> _activeScratch = new();
    // Reused from rule to rule: the rule's sets of two or more states, its queue of sets to expand, and the states of
    // target sets seen before: most are one NFA state's closure, known per NFA state while _seedRule says it is this
    // rule's.
    private Dictionary<int[], int> _index = new(IntArrayComparer.Instance);
    private readonly Queue<(int[] Set, int Id, int Count, int Template)> _queue = new();
    private Dictionary<int[], int> _bySeeds = new(IntArrayComparer.Instance);
    private readonly int[] _seedRule;
    private readonly int[] _seedState;
    // Likewise per NFA state, the state of the closure that holds it alone.
    private readonly int[] _aloneRule;
    private readonly int[] _aloneState;
    private int _ruleStamp;
    private readonly List<bool> _final;
    private readonly List<int> _countLimit;
    private readonly List<int> _textLimit;
    private readonly List<bool> _textCounts;
    private readonly List<int> _markerRule;
    // Byte runs (ByteRunExpr): their bound (0: the grammar has none), per NFA state whether it is a run's loop, per
    // class the number of run classes before it (a class holds run bytes only or none), and per rule the state of each
    // set after one run byte.
    private readonly int _runMax;
    private readonly bool[] _isRunLoop = [];
    private readonly int[] _runClassesBefore = new int[258];
    private Dictionary<int[], int> _afterRunByte = new(IntArrayComparer.Instance);

    private Determinizer(Nfa nfa, CompileLimits limits, Stopwatch clock, (int Start, int Final)[] fragments)
    {
        _nfa = nfa;
        _limits = limits;
        _clock = clock;
        (_classOf, _classCount) = ByteClasses(nfa);
        int n = nfa.Count;
        (_closureOf, _stamp) = (new int[n][], new int[n]);
        // Sized from the NFA: the median schema's automaton has three quarters as many states as its NFA, each with 2.6
        // class runs (three ints each). Growing the per state lists and the rows by doubling was a copy each time.
        (_final, _textCounts) = (new(n), new(n));
        (_countLimit, _textLimit, _markerRule, _runStart) = (new(n), new(n), new(n), new(n + 1));
        _calls = new(n);
        _runs = new int[Math.Max(192, 6 * n)];
        (_seedRule, _seedState, _aloneRule, _aloneState) = (new int[n], new int[n], new int[n], new int[n]);
        _kept = KeptStates(nfa, fragments);
        _runMax = nfa.Run?.Max ?? 0;
        if (nfa.Run is { } run)
        {
            _isRunLoop = new bool[n];
            foreach (int loop in nfa.RunLoops) _isRunLoop[loop] = true;
            Span<bool> runClass = stackalloc bool[256];
            foreach (var range in run.Bytes)
                for (int b = range.First; b <= range.Last; b++) runClass[_classOf[b]] = true;
            for (int c = 0; c < _classCount; c++) _runClassesBefore[c + 1] = _runClassesBefore[c] + (runClass[c] ? 1 : 0);
        }
        if (nfa.CountedLoops.Count > 0)
        {
            // Class sets are compared as 256-bit sets (StateEquivalence): a 257th class would alias.
            if (_classCount == 256) throw new CountedRepetitionAmbiguity();
            _markerClass = _classCount++;
            foreach (var (loop, back, limit, tail) in nfa.CountedLoops) _countedLoops[loop] = ([.. ClosureOf(loop)], back, limit, tail);
        }
    }

    /// <summary>The automaton of <paramref name="nfa"/>'s rules; the NFA is released (<see cref="Nfa.Release"/>) once
    /// built, as nothing reads it after.</summary>
    public static PushdownAutomaton Build(Nfa nfa, string[] rules, (int Start, int Final)[] fragments, CompileLimits limits, Stopwatch clock,
        IReadOnlySet<string>? distinctItemRules = null)
    {
        var d = new Determinizer(nfa, limits, clock, fragments);
        var ruleStart = new int[rules.Length];
        for (int r = 0; r < rules.Length; r++) ruleStart[r] = d.DeterminizeRule(fragments[r]);
        d._runStart.Add(d._runCount);
        var final = d._final.ToArray();
        var live = d.LiveStates(final, ruleStart);
        if (!live[ruleStart[0]])
            throw new GrammarException($"the grammar accepts nothing: start rule '{rules[0]}' cannot produce any complete text");
        var automaton = Trim(d._classOf, d._classCount, d.DenseTable(ruleStart, live), d._calls, live, final, ruleStart, rules, d._countLimit.ToArray(), d._markerClass, (d._textLimit.ToArray(), d._textCounts.ToArray()),
            rules.Select(r => distinctItemRules?.Contains(r) == true).ToArray());
        nfa.Release();
        return automaton;
    }

    private int DeterminizeRule((int Start, int Final) fragment)
    {
        // Per rule, reused from the rule before unless that one was large (clearing costs its capacity): large
        // schemas have thousands of rules, most of a few states.
        var index = Reused(ref _index);
        var queue = _queue;
        var bySeeds = Reused(ref _bySeeds);
        var afterRunByte = Reused(ref _afterRunByte);
        int rule = ++_ruleStamp;
        // A set of one NFA state is looked up by that state; others in the index.
        int Intern(int[] set)
        {
            if (set.Length == 1)
            {
                int only = set[0];
                if (_aloneRule[only] != rule) (_aloneRule[only], _aloneState[only]) = (rule, Add(set));
                return _aloneState[only];
            }
            ref int known = ref CollectionsMarshal.GetValueRefOrAddDefault(index, set, out bool exists);
            return exists ? known : known = Add(set);
        }
        // The state of a set entered after `count` run bytes in a row; `template`: the state of the same set one count
        // lower that reads the run bytes into it (-1: none), whose row this one copies. Sets that hold a loop enter the
        // closure of their loops, so past one count a set is entered only from itself one count lower, once.
        int AtCount(int[] set, int count, int template)
        {
            if (count > 1) return Add(set, count, template);
            ref int known = ref CollectionsMarshal.GetValueRefOrAddDefault(afterRunByte, set, out bool exists);
            return exists ? known : known = Add(set, count, template);
        }
        int Add(int[] set, int count = 0, int template = -1)
        {
            int id = _final.Count;
            if (id >= _limits.MaxDfaStates)
                throw new GrammarException($"grammar too large: more than {_limits.MaxDfaStates} automaton states (limit MaxDfaStates); simplify the grammar");
            if ((id & 255) == 0 && _clock.Elapsed > _limits.EffectiveTimeout)
                throw new GrammarException($"grammar compilation exceeded its time limit of {_limits.EffectiveTimeout.TotalSeconds:0.###} s");
            _final.Add(Array.BinarySearch(set, fragment.Final) >= 0);
            _countLimit.Add(CountLimit(set, out int markerRule));
            int textLimit = 0;
            bool textCounts = false;
            if (_nfa.CountedText.Count > 0)
                foreach (int s in set)
                    if (_nfa.CountedText.TryGetValue(s, out var text)) (textLimit, textCounts) = (text.Limit, textCounts || text.Counts);
            _textLimit.Add(textLimit);
            _textCounts.Add(textCounts);
            _markerRule.Add(markerRule);
            _calls.Add(null);
            queue.Enqueue((set, id, count, template));
            return id;
        }
        // The state a single seed's closure is, known per NFA state for this rule.
        int BySeed(int seed)
        {
            if (_seedRule[seed] == rule) return _seedState[seed];
            int next = Intern(ClosureOf(seed));
            _seedRule[seed] = rule;
            return _seedState[seed] = next;
        }
        int start = BySeed(fragment.Start);
        var calls = _callScratch;
        var targets = _targetScratch;
        while (queue.Count > 0)
        {
            var (set, id, count, template) = queue.Dequeue();
            Debug.Assert(_runStart.Count == id);
            _runStart.Add(_runCount);
            if (template >= 0)
            {
                // The template's row, with its run bytes (the ones leading here) leading one count further.
                int further = -1;
                for (int r = _runStart[template]; r < _runStart[template + 1]; r += 3)
                {
                    int next = _runs[r + 2];
                    if (next == id)
                    {
                        if (count == _runMax) continue;
                        next = further = further >= 0 ? further : AtCount(set, count + 1, id);
                    }
                    AddRun(_runs[r], _runs[r + 1], next);
                }
                _calls[id] = _calls[template];
                continue;
            }
            int edgeCount = 0;
            calls.Clear();
            bool holdsRunLoop = false, runBytesElsewhere = false;
            foreach (int s in set)
            {
                bool runLoop = _runMax > 0 && _isRunLoop[s];
                holdsRunLoop |= runLoop;
                foreach (var (lo, hi, to) in _nfa.Bytes[s])
                {
                    if (edgeCount == _edges.Length) Array.Resize(ref _edges, edgeCount * 2);
                    _edges[edgeCount++] = (_classOf[lo], _classOf[hi], to);
                    runBytesElsewhere |= _runMax > 0 && !runLoop && ReadsRunClass(_classOf[lo], _classOf[hi]);
                }
                foreach (var call in _nfa.Calls[s]) calls.Add(call);
            }
            // A run byte read where a loop reads it counts one more in a row; anything else starts over. Where a loop
            // can read a run byte nothing else may: the set could not say whether the byte counts.
            if (holdsRunLoop && runBytesElsewhere)
                throw new GrammarException("a byte run's bytes are also read by another part of the grammar where the run can read them; the run cannot be counted");
            int runCount = holdsRunLoop ? count + 1 : 0;
            // The state run bytes lead to (-1: none, past the bound), the same for every run class (all loops read all
            // run bytes): a set that is this one copies this row.
            int runTarget = -1;
            int RunTarget(int[] next) => runCount > _runMax ? -1
                : runTarget = runTarget >= 0 ? runTarget : AtCount(next, runCount, next.AsSpan().SequenceEqual(set) ? id : -1);
            var edges = _edges.AsSpan(0, edgeCount);
            // Most sets' edges cover disjoint classes (a literal, a string's body): each range leads to one seed,
            // looked up once for the range. Otherwise the classes are cut where some edge begins or ends, and each piece
            // leads to the closure of the seeds whose edges cover it.
            if (SortedDisjoint(edges))
                foreach (var (first, last, to) in edges)
                {
                    int next = runCount > 0 && ReadsRunClass(first, last) ? RunTarget(ClosureOf(to)) : BySeed(to);
                    if (next >= 0) AddRun(first, last, next);
                }
            else
            {
                // Edges sorted by first class, swept: those begun and not yet ended cover the piece.
                var active = _activeScratch;
                active.Clear();
                int entered = 0;
                foreach (var (first, last) in Pieces(edges))
                {
                    for (; entered < edges.Length && edges[entered].First <= first; entered++) active.Add((edges[entered].Last, edges[entered].To));
                    int kept = 0;
                    for (int i = 0; i < active.Count; i++)
                        if (active[i].Last >= first) active[kept++] = active[i];
                    active.RemoveRange(kept, active.Count - kept);
                    if (active.Count == 0) continue;
                    targets.Clear();
                    foreach (var (_, to) in active) targets.Add(to);
                    int next;
                    if (runCount > 0 && ReadsRunClass(first, last))
                        next = RunTarget(AllSame(targets) ? ClosureOf(targets[0]) : Closure(SortedUnique(targets)));
                    else if (AllSame(targets)) next = BySeed(targets[0]);
                    else
                    {
                        var key = SortedUnique(targets);
                        if (!bySeeds.TryGetValue(key, out next)) bySeeds[key] = next = Intern(Closure(key));
                    }
                    if (next >= 0) AddRun(first, last, next);
                }
            }
            if (calls.Count > 0)
            {
                var stateCalls = _calls[id] = new();
                foreach (var (called, seeds) in CallTargets(calls)) stateCalls.Add((called, seeds.Length == 1 ? BySeed(seeds[0]) : Intern(Closure(seeds))));
            }
        }
        return start;
    }

    // Whether classes first..last hold a run class.
    private bool ReadsRunClass(int first, int last) => _runClassesBefore[last + 1] > _runClassesBefore[first];

    // Per rule called (ascending), its return targets (sorted, each once).
    private static List<(int Rule, int[] Targets)> CallTargets(List<(int Rule, int To)> calls)
    {
        calls.Sort();
        var result = new List<(int Rule, int[] Targets)>();
        for (int i = 0; i < calls.Count;)
        {
            int rule = calls[i].Rule, end = i;
            while (end < calls.Count && calls[end].Rule == rule) end++;
            var targets = new List<int>(end - i);
            for (int j = i; j < end; j++)
                if (j == i || calls[j].To != calls[j - 1].To) targets.Add(calls[j].To);
            result.Add((rule, targets.ToArray()));
            i = end;
        }
        return result;
    }

    private static Dictionary<TKey, int> Reused<TKey>(ref Dictionary<TKey, int> dictionary) where TKey : notnull
    {
        if (dictionary.Count > 1024) dictionary = new(dictionary.Comparer);
        else dictionary.Clear();
        return dictionary;
    }

    // Appends classes first..last → next to the row begun last, extending its last run when that ends just before with
    // the same target.
    private void AddRun(int first, int last, int next)
    {
        int previous = _runCount - 3;
        if (previous >= _runStart[^1] && _runs[previous + 1] == first - 1 && _runs[previous + 2] == next)
        {
            _runs[previous + 1] = last;
            return;
        }
        if (_runCount + 3 > _runs.Length) Array.Resize(ref _runs, _runs.Length * 2);
        _runs[_runCount] = first;
        _runs[_runCount + 1] = last;
        _runs[_runCount + 2] = next;
        _runCount += 3;
    }

    // Sorts the edges by first class (most sets have a few: by insertion); true when no two share a class.
    private static bool SortedDisjoint(Span<(int First, int Last, int To)> edges)
    {
        if (edges.Length > 16) edges.Sort(default(ByFirstClass));
        else
            for (int i = 1; i < edges.Length; i++)
            {
                var edge = edges[i];
                int j = i - 1;
                for (; j >= 0 && edges[j].First > edge.First; j--) edges[j + 1] = edges[j];
                edges[j + 1] = edge;
            }
        for (int i = 1; i < edges.Length; i++)
            if (edges[i].First <= edges[i - 1].Last) return false;
        return true;
    }

    // A struct comparer: the sort is specialized for it and inlines the comparison (a delegate was called per compare).
    private readonly struct ByFirstClass : IComparer<(int First, int Last, int To)>
    {
        public int Compare((int First, int Last, int To) a, (int First, int Last, int To) b) => a.First.CompareTo(b.First);
    }

    // The ranges of classes between consecutive points where some edge begins or ends after one ends, ascending. A few
    // edges' points are sorted; many edges' are marked per class (a set may have thousands of edges over few classes).
    private List<(int First, int Last)> Pieces(Span<(int First, int Last, int To)> edges)
    {
        var pieces = _pieceScratch;
        pieces.Clear();
        int previous = -1;
        void Cut(int at)
        {
            if (previous >= 0 && at != previous) pieces.Add((previous, at - 1));
            previous = at;
        }
        if (edges.Length <= 16)
        {
            Span<int> cuts = stackalloc int[2 * edges.Length];
            for (int i = 0; i < edges.Length; i++)
            {
                cuts[2 * i] = edges[i].First;
                cuts[2 * i + 1] = edges[i].Last + 1;
            }
            cuts.Sort();
            foreach (int at in cuts) Cut(at);
        }
        else
        {
            var marked = _cutMarks;
            Array.Clear(marked, 0, _classCount + 1);
            foreach (var (first, last, _) in edges) marked[first] = marked[last + 1] = true;
            for (int at = 0; at <= _classCount; at++)
                if (marked[at]) Cut(at);
        }
        return pieces;
    }

    // [state * classes + class] → next state or -1, with counted loops' marker edges to their tail rules' starts;
    // edges into states that cannot reach an end are left out.
    private int[] DenseTable(int[] ruleStart, bool[] live)
    {
        int states = _final.Count;
        var next = GC.AllocateUninitializedArray<int>(states * _classCount);
        // Rows are mostly -1 (a state reads a few classes): filled at once, then each run's live target written.
        next.AsSpan().Fill(-1);
        for (int s = 0; s < states; s++)
        {
            int row = s * _classCount;
            for (int i = _runStart[s]; i < _runStart[s + 1]; i += 3)
            {
                int first = _runs[i], last = _runs[i + 1], target = _runs[i + 2];
                if (!live[target]) continue;
                if (first == last) next[row + first] = target;
                else next.AsSpan(row + first, last - first + 1).Fill(target);
            }
            if (_markerRule[s] >= 0 && live[ruleStart[_markerRule[s]]]) next[row + _markerClass] = ruleStart[_markerRule[s]];
        }
        return next;
    }

    // The count limit of a set holding a counted loop state (0: none). Counting the loop's returns is exact only when
    // the set holds nothing but the loop's closure and ends of the item, which fails for an item that is a prefix of
    // another (a|ab: after `a` one item ended and another goes on); the caller then expands the repetition instead.
    private int CountLimit(int[] set, out int markerRule)
    {
        markerRule = -1;
        if (_countedLoops.Count == 0) return 0;
        foreach (int s in set)
        {
            if (!_countedLoops.TryGetValue(s, out var loop)) continue;
            foreach (int t in set)
                if (!loop.Closure.Contains(t) && Array.BinarySearch(ClosureOf(t), loop.Back) < 0) throw new CountedRepetitionAmbiguity();
            markerRule = loop.TailRule;
            return loop.Limit;
        }
        return 0;
    }

    private static bool AllSame(List<int> values)
    {
        for (int i = 1; i < values.Count; i++)
            if (values[i] != values[0]) return false;
        return true;
    }

    private static int[] SortedUnique(List<int> values)
    {
        var array = values.ToArray();
        Array.Sort(array);
        int n = 0;
        for (int i = 0; i < array.Length; i++)
            if (i == 0 || array[i] != array[i - 1]) array[n++] = array[i];
        return n == array.Length ? array : array[..n];
    }

    private int[] ClosureOf(int state)
    {
        if (_closureOf[state] is { } known) return known;
        if (!_nfa.Epsilon[state].GetEnumerator().MoveNext()) return _closureOf[state] = _kept?[state] == false ? [] : [state];
        // The states found so far are also the work list: each is expanded once, in the order found.
        _generation++;
        int count = 0;
        Found(state, ref count);
        for (int i = 0; i < count; i++)
            foreach (int t in _nfa.Epsilon[_closureScratch[i]])
                if (_stamp[t] != _generation) Found(t, ref count);
        if (_kept is { } kept)
        {
            int keptCount = 0;
            for (int i = 0; i < count; i++)
                if (kept[_closureScratch[i]]) _closureScratch[keptCount++] = _closureScratch[i];
            count = keptCount;
        }
        var closure = _closureScratch.AsSpan(0, count).ToArray();
        Array.Sort(closure);
        return _closureOf[state] = closure;
    }

    // Marks `s` found in this generation and appends it to the scratch.
    private void Found(int s, ref int count)
    {
        _stamp[s] = _generation;
        if (count == _closureScratch.Length) Array.Resize(ref _closureScratch, count * 2);
        _closureScratch[count++] = s;
    }

    // Null when a set's other states matter too: counted loops and counted text read every state of a set.
    private static bool[]? KeptStates(Nfa nfa, (int Start, int Final)[] fragments)
    {
        if (nfa.CountedLoops.Count > 0 || nfa.CountedText.Count > 0) return null;
        var kept = new bool[nfa.Count];
        for (int s = 0; s < nfa.Count; s++)
            kept[s] = nfa.Bytes[s].GetEnumerator().MoveNext() || nfa.Calls[s].GetEnumerator().MoveNext();
        foreach (var (_, final) in fragments) kept[final] = true;
        return kept;
    }

    private int[] Closure(int[] seeds)
    {
        if (seeds.Length == 1) return ClosureOf(seeds[0]);
        foreach (int seed in seeds) ClosureOf(seed);
        _generation++;
        int count = 0;
        foreach (int seed in seeds)
        foreach (int s in _closureOf[seed]!)
            if (_stamp[s] != _generation) Found(s, ref count);
        var closure = _closureScratch.AsSpan(0, count).ToArray();
        Array.Sort(closure);
        return closure;
    }

    private static (byte[] ClassOf, int Count) ByteClasses(Nfa nfa)
    {
        var boundary = new bool[257];
        boundary[0] = true;
        foreach (var (lo, hi, _) in nfa.Bytes.All)
        {
            boundary[lo] = true;
            boundary[hi + 1] = true;
        }
        var classOf = new byte[256];
        int current = -1;
        for (int b = 0; b < 256; b++)
        {
            if (boundary[b]) current++;
            classOf[b] = (byte)current;
        }
        return (classOf, current + 1);
    }

    // The automaton without calls into states that cannot reach an end (byte edges into them are already left out).
    private static PushdownAutomaton Trim(byte[] classOf, int classCount, int[] next, List<List<(int Rule, int To)>?> calls, bool[] live,
        bool[] final, int[] ruleStart, string[] rules, int[] countLimit, int markerClass, (int[] Limit, bool[] Counts) text, bool[] distinctItemRule)
    {
        int states = final.Length;
        var callStart = new int[states + 1];
        var callRule = new List<int>();
        var callTarget = new List<int>();
        for (int s = 0; s < states; s++)
        {
            callStart[s] = callRule.Count;
            if (calls[s] is { } stateCalls)
                foreach (var (rule, to) in stateCalls)
                    if (live[ruleStart[rule]] && live[to]) { callRule.Add(rule); callTarget.Add(to); }
        }
        callStart[states] = callRule.Count;
        var automaton = new PushdownAutomaton(classOf, classCount, next, callStart, callRule.ToArray(), callTarget.ToArray(),
            final, ruleStart, rules, countLimit, markerClass, text.Limit, text.Counts, distinctItemRule);
        RejectLeftRecursion(automaton);
        return automaton;
    }

    // Backward reachability from final states over byte edges (one per run of classes, and counted loops' marker
    // edges: read from the runs, not from the dense table of every state and class) and over calls whose rule can
    // complete. Edges are read backwards from flat arrays: per target its byte sources and the calls returning to it,
    // per rule the calls into it.
    private bool[] LiveStates(bool[] final, int[] ruleStart)
    {
        var calls = _calls;
        int states = final.Length, rules = ruleStart.Length;
        var byteStart = new int[states + 2];
        var returnStart = new int[states + 2];
        var ruleCallStart = new int[rules + 2];
        for (int s = 0; s < states; s++)
        {
            for (int i = _runStart[s]; i < _runStart[s + 1]; i += 3) byteStart[_runs[i + 2] + 2]++;
            if (_markerRule[s] >= 0) byteStart[ruleStart[_markerRule[s]] + 2]++;
            if (calls[s] is { } stateCalls)
                foreach (var (rule, to) in stateCalls)
                {
                    returnStart[to + 2]++;
                    ruleCallStart[rule + 2]++;
                }
        }
        // Counts shifted by two, summed, then filled through the entry one ahead: each start ends as its list's first.
        for (int t = 2; t < states + 2; t++)
        {
            byteStart[t] += byteStart[t - 1];
            returnStart[t] += returnStart[t - 1];
        }
        for (int r = 2; r < rules + 2; r++) ruleCallStart[r] += ruleCallStart[r - 1];
        var byteSources = new int[byteStart[states + 1]];
        var returning = new (int Source, int Rule)[returnStart[states + 1]];
        var ruleCalls = new (int Source, int To)[ruleCallStart[rules + 1]];
        for (int s = 0; s < states; s++)
        {
            for (int i = _runStart[s]; i < _runStart[s + 1]; i += 3) byteSources[byteStart[_runs[i + 2] + 1]++] = s;
            if (_markerRule[s] >= 0) byteSources[byteStart[ruleStart[_markerRule[s]] + 1]++] = s;
            if (calls[s] is { } stateCalls)
                foreach (var (rule, to) in stateCalls)
                {
                    returning[returnStart[to + 1]++] = (s, rule);
                    ruleCalls[ruleCallStart[rule + 1]++] = (s, to);
                }
        }
        var ruleOfStart = new int[states];
        Array.Fill(ruleOfStart, -1);
        for (int r = 0; r < rules; r++) ruleOfStart[ruleStart[r]] = r; // each rule's start is a state of its own
        var live = new bool[states];
        var work = new int[states];
        int pending = 0;
        for (int s = 0; s < states; s++)
            if (final[s]) (live[s], work[pending++]) = (true, s);
        while (pending > 0)
        {
            int t = work[--pending];
            for (int i = byteStart[t]; i < byteStart[t + 1]; i++)
                if (!live[byteSources[i]]) (live[byteSources[i]], work[pending++]) = (true, byteSources[i]);
            for (int i = returnStart[t]; i < returnStart[t + 1]; i++)
                if (returning[i] is var (s, rule) && !live[s] && live[ruleStart[rule]]) (live[s], work[pending++]) = (true, s);
            if (ruleOfStart[t] is >= 0 and var started)
                for (int i = ruleCallStart[started]; i < ruleCallStart[started + 1]; i++)
                    if (ruleCalls[i] is var (s, to) && !live[s] && live[to]) (live[s], work[pending++]) = (true, s);
        }
        return live;
    }

    // A rule that can call itself before reading a byte would expand forever.
    private static void RejectLeftRecursion(PushdownAutomaton a)
    {
        int rules = a.RuleStart.Length;
        var leftCalls = new HashSet<int>[rules];
        for (int r = 0; r < rules; r++)
        {
            leftCalls[r] = new();
            var seen = new HashSet<int>();
            var stack = new Stack<int>([a.RuleStart[r]]);
            while (stack.Count > 0)
            {
                int s = stack.Pop();
                if (!seen.Add(s)) continue;
                for (int c = a.CallStart[s]; c < a.CallStart[s + 1]; c++)
                {
                    leftCalls[r].Add(a.CallRule[c]);
                    if (a.Completes[a.RuleStart[a.CallRule[c]]]) stack.Push(a.CallTarget[c]);
                }
            }
        }
        for (int r = 0; r < rules; r++)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>(leftCalls[r]);
            while (stack.Count > 0)
            {
                int x = stack.Pop();
                if (x == r)
                    throw new GrammarException($"rule '{a.RuleNames[r]}' is left-recursive (it can reach itself before reading any text); rewrite it with repetition");
                if (seen.Add(x)) foreach (int y in leftCalls[x]) stack.Push(y);
            }
        }
    }

    /// <summary>A counted repetition whose item is not prefix-free (its returns cannot be counted one by one), or too
    /// many byte classes for a marker class: the grammar is lowered again with repetitions expanded.</summary>
    internal sealed class CountedRepetitionAmbiguity : Exception;
}
