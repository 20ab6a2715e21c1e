using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.Automata;

/// <summary>
/// Lowers a <see cref="GrammarDefinition"/> to one byte-level NFA. Rules that are not recursive (and not huge) are
/// inlined at each use; the start rule and recursive rules get their own fragment and are entered through call edges,
/// which the pushdown layer handles at run time. A long bounded repetition of a small item (a string's
/// <c>maxLength</c> of thousands of characters) becomes a counted rule instead of one copy per count: see
/// <see cref="BuildCounted"/>.
/// </summary>
internal sealed class NfaLowering
{
    private const long InlineSizeLimit = 20_000;
    private const long TotalInlineBudget = 10_000;
    private readonly GrammarDefinition _grammar;
    private readonly Nfa _nfa;
    private readonly Dictionary<string, int> _calledIndex = new();
    private readonly List<string> _called = new();
    // The analysis, per grammar rule by index (rules in ordinal order of their names): names, expressions, the rules
    // each references (with the copies one copy makes), whether it is called, and its inlined size (memoized).
    private string[] _names = [];
    private Dictionary<string, int> _ruleIndex = new();
    private GrammarExpr[] _exprs = [];
    private (int Target, long Times)[][] _references = [];
    private bool[] _isCalled = [];
    private long[] _sizes = [];
    private const long UnknownSize = -1;
    // The grammar rules called, as indices, in call order.
    private readonly List<int> _calledRules = new();
    // Counted rules by index in _called: the repeated item and the most repetitions; and their tails' rules, one per
    // item: index in _called by item, item by index.
    private readonly Dictionary<int, (GrammarExpr Item, int Count)> _counted = new();
    private readonly Dictionary<GrammarExpr, int> _tailRule = new();
    private readonly Dictionary<int, GrammarExpr> _tailItem = new();
    private readonly int _countedTail;
    // Counted automata by index in _called.
    private readonly Dictionary<int, CountedAutomatonExpr> _countedText = new();
    private readonly HashSet<string> _recursive = new(StringComparer.Ordinal);
    // UTF-8 sequences by code point range, kept for the process: grammars repeat their classes (every string's body)
    // many times, and most grammars use the same few. Bounded, as classes come from users' patterns.
    private static readonly BoundedMemo<CodeRange, (byte Lo, byte Hi)[][]> Utf8 = new(Utf8SequencesOf, 4096);
    // While a character class is built: [k] reads k continuation bytes to the class's end (see AddPath).
    private readonly List<int> _continuation = new();
    // While a distinct-items rule is built: what it references is inlined (the parser stack tracks its strings only in
    // its own frame) and nothing is counted.
    private bool _inliningDistinct;

    private NfaLowering(GrammarDefinition grammar, int maxStates, int countedTail)
    {
        _grammar = grammar;
        _nfa = Nfa.Rent(maxStates);
        _countedTail = countedTail;
    }

    /// <summary>The NFA, the called rules' names and their (start, final) NFA states; index 0 is the start rule. The NFA
    /// is this thread's spare when it has one (<see cref="Nfa.Rent"/>); <see cref="Determinizer.Build"/> releases it,
    /// other readers release it once done.</summary>
    /// <param name="grammar">The grammar.</param>
    /// <param name="maxStates">Most NFA states.</param>
    /// <param name="countedTail">Repetitions counted exactly at the end of a counted rule: more characters than the
    /// longest token has bytes (0: no counted rules, every repetition is expanded).</param>
    public static (Nfa Nfa, string[] Rules, (int Start, int Final)[] Fragments) Lower(GrammarDefinition grammar, int maxStates, int countedTail = 0)
    {
        var lowering = new NfaLowering(grammar, maxStates, countedTail);
        lowering.Analyse();
        var fragments = new List<(int, int)>();
        // Counted rules are added while rules are built.
        for (int i = 0; i < lowering._called.Count; i++)
        {
            int start = lowering._nfa.AddState();
            lowering._inliningDistinct = grammar.DistinctItemRules.Contains(lowering._called[i]);
            int final = lowering._counted.TryGetValue(i, out var counted) ? lowering.BuildCounted(counted.Item, counted.Count, start)
                : lowering._countedText.TryGetValue(i, out var text) ? lowering.BuildAutomaton(text.Automaton, start, text)
                : lowering._tailItem.TryGetValue(i, out var item) ? lowering.BuildRepeat(new RepeatExpr(item, 0, countedTail), start)
                : lowering.Build(grammar.Rules[lowering._called[i]], start);
            fragments.Add((start, final));
        }
        return (lowering._nfa, lowering._called.ToArray(), fragments.ToArray());
    }

    private void Analyse()
    {
        if (!_grammar.Rules.ContainsKey(_grammar.Start))
            throw new GrammarException($"start rule '{_grammar.Start}' is not defined");
        // Rules are analysed by index, in ordinal order of their names (the order rules are called in).
        _names = [.. _grammar.Rules.Keys];
        Array.Sort(_names, StringComparer.Ordinal);
        int rules = _names.Length;
        _ruleIndex = new Dictionary<string, int>(rules, StringComparer.Ordinal);
        for (int r = 0; r < rules; r++) _ruleIndex[_names[r]] = r;
        _exprs = new GrammarExpr[rules];
        _references = new (int, long)[rules][];
        for (int r = 0; r < rules; r++)
        {
            _exprs[r] = _grammar.Rules[_names[r]];
            _references[r] = ReferenceTimes(r);
        }
        _isCalled = new bool[rules];
        _sizes = new long[rules];
        Array.Fill(_sizes, UnknownSize);
        Call(_ruleIndex[_grammar.Start]);
        var recursive = RecursiveRules(_references);
        for (int r = 0; r < rules; r++)
            if (recursive[r])
            {
                _recursive.Add(_names[r]);
                Call(r);
            }
        foreach (string rule in _grammar.DistinctItemRules.Order(StringComparer.Ordinal))
            if (_ruleIndex.TryGetValue(rule, out int r)) Call(r);
        int calledBeforeSizes = _called.Count;
        for (int r = 0; r < rules; r++)
            if (!_isCalled[r] && InlinedSize(_exprs[r]) > InlineSizeLimit) Call(r);
        // Sizes computed before a rule was called may count it inlined: they are recomputed.
        if (_called.Count != calledBeforeSizes) Array.Fill(_sizes, UnknownSize);
        CallSharedRules();
    }

    // Inlining copies a rule into every place that uses it, so a schema whose definitions are used in many places
    // grows with the product of its nesting. While the whole NFA would exceed TotalInlineBudget, the rules whose copies
    // cost the most are called instead (one copy, entered through call edges; XGrammar calls every rule).
    private void CallSharedRules()
    {
        // Each pass forgets only the sizes its calls change.
        List<int>[]? referencedBy = null;
        var calledNow = new List<int>();
        while (true)
        {
            long total = 0;
            foreach (int rule in _calledRules) total += RuleSize(rule);
            if (total <= TotalInlineBudget) return;
            var copies = InlinedCopies();
            // Every rule saving at least half the most at once: one rule per pass made large schemas quadratic.
            long most = 0;
            for (int r = 0; r < copies.Length; r++)
                if (copies[r] > 1) most = Math.Max(most, (copies[r] - 1) * RuleSize(r));
            if (most == 0) return;
            referencedBy ??= ReferencedBy();
            calledNow.Clear();
            for (int r = 0; r < copies.Length; r++)
                if (copies[r] > 1 && (copies[r] - 1) * RuleSize(r) > most / 2) calledNow.Add(r);
            foreach (int rule in calledNow) Call(rule);
            ForgetSizesUsing(calledNow, referencedBy);
        }
    }

    // Per rule, the rules that reference it.
    private List<int>[] ReferencedBy()
    {
        var referencedBy = new List<int>[_names.Length];
        for (int rule = 0; rule < _names.Length; rule++)
            foreach (var (target, _) in _references[rule])
                (referencedBy[target] ??= new()).Add(rule);
        return referencedBy;
    }

    // A rule just called counts as one edge where it is used: the sizes of the rules using it change, and through
    // those that are inlined, the sizes of the rules using them.
    private void ForgetSizesUsing(List<int> called, List<int>[] referencedBy)
    {
        var seen = new bool[_names.Length];
        var work = new Stack<int>(called);
        while (work.TryPop(out int rule))
        {
            if (referencedBy[rule] is not { } sources) continue;
            foreach (int source in sources)
            {
                _sizes[source] = UnknownSize;
                if (!seen[source] && !_isCalled[source]) work.Push(source);
                seen[source] = true;
            }
        }
    }

    // How many times each inlined rule would be copied into the NFA (capped, as sizes are); 0 for rules not reached.
    private long[] InlinedCopies()
    {
        var copies = new long[_names.Length];
        var order = new List<int>();
        var seen = new bool[_names.Length];
        foreach (int rule in _calledRules) Visit(rule);
        // Reverse postorder: every rule comes before the inlined rules it uses (they form a DAG once cycles are called).
        for (int i = order.Count - 1; i >= 0; i--)
        {
            int rule = order[i];
            long self = _isCalled[rule] ? 1 : copies[rule];
            foreach (var (target, times) in _references[rule])
                if (!_isCalled[target])
                    copies[target] = Math.Min(InlineSizeLimit * 4, copies[target] + Math.Min(InlineSizeLimit * 4, self * times));
        }
        return copies;

        void Visit(int rule)
        {
            if (seen[rule]) return;
            seen[rule] = true;
            foreach (var (target, _) in _references[rule])
                if (!_isCalled[target]) Visit(target);
            order.Add(rule);
        }
    }

    // Each rule reference in a rule, in order, with the copies one copy of the rule makes of it (repetitions
    // multiplied, capped as sizes are): read from the rule's expression once, not in every pass of CallSharedRules
    // (the largest schemas take 15–20 passes over 2,000–4,000 rules).
    private (int Target, long Times)[] ReferenceTimes(int rule)
    {
        var references = new List<(int, long)>();
        Collect(_exprs[rule], 1);
        return references.ToArray();

        void Collect(GrammarExpr expr, long times)
        {
            switch (expr)
            {
                case RuleRefExpr r:
                    if (!_ruleIndex.TryGetValue(r.Name, out int target))
                        throw new GrammarException($"rule '{_names[rule]}' references undefined rule '{r.Name}'");
                    references.Add((target, times));
                    break;
                case SequenceExpr s:
                    foreach (var item in Items(s.Items)) Collect(item, times);
                    break;
                case ChoiceExpr c:
                    foreach (var alternative in Items(c.Alternatives)) Collect(alternative, times);
                    break;
                case RepeatExpr r:
                    Collect(r.Item, Math.Min(InlineSizeLimit * 4, times * Math.Max(1, r.Max ?? r.Min + 1)));
                    break;
            }
        }
    }

    private void Call(int rule)
    {
        if (_isCalled[rule]) return;
        _isCalled[rule] = true;
        _calledIndex[_names[rule]] = _called.Count;
        _called.Add(_names[rule]);
        _calledRules.Add(rule);
    }

    // The rules on a cycle of references: those in a strongly connected component of more than one rule, or naming
    // themselves. Tarjan's algorithm, iterative (a chain of thousands of definitions would overflow a recursive one);
    // a search from every rule took time quadratic in the rules (1,700 in the largest schemas).
    private static bool[] RecursiveRules((int Target, long Times)[][] references)
    {
        int rules = references.Length;
        var recursive = new bool[rules];
        var index = new int[rules];
        Array.Fill(index, -1);
        var low = new int[rules];
        var onStack = new bool[rules];
        var component = new Stack<int>();
        var work = new Stack<(int Rule, int Next)>();
        var members = new List<int>();
        int found = 0;
        for (int root = 0; root < rules; root++)
        {
            if (index[root] >= 0) continue;
            Enter(root);
            while (work.Count > 0)
            {
                var (rule, next) = work.Pop();
                if (next < references[rule].Length)
                {
                    work.Push((rule, next + 1));
                    int target = references[rule][next].Target;
                    if (index[target] < 0) Enter(target);
                    else if (onStack[target]) low[rule] = Math.Min(low[rule], index[target]);
                    continue;
                }
                if (work.Count > 0) low[work.Peek().Rule] = Math.Min(low[work.Peek().Rule], low[rule]);
                if (low[rule] != index[rule]) continue;
                members.Clear();
                int member;
                do
                {
                    member = component.Pop();
                    onStack[member] = false;
                    members.Add(member);
                } while (member != rule);
                if (members.Count > 1 || NamesItself(rule))
                    foreach (int m in members) recursive[m] = true;
            }
        }
        return recursive;

        void Enter(int rule)
        {
            index[rule] = low[rule] = found++;
            component.Push(rule);
            onStack[rule] = true;
            work.Push((rule, 0));
        }
        bool NamesItself(int rule)
        {
            foreach (var (target, _) in references[rule])
                if (target == rule) return true;
            return false;
        }
    }

    /// <summary>The rules <paramref name="expr"/> names directly.</summary>
    internal static HashSet<string> References(GrammarExpr expr)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        Collect(expr);
        return names;

        void Collect(GrammarExpr e)
        {
            switch (e)
            {
                case RuleRefExpr r:
                    names.Add(r.Name);
                    break;
                case SequenceExpr s:
                    foreach (var item in Items(s.Items)) Collect(item);
                    break;
                case ChoiceExpr c:
                    foreach (var alternative in Items(c.Alternatives)) Collect(alternative);
                    break;
                case RepeatExpr r:
                    Collect(r.Item);
                    break;
            }
        }
    }

    // Estimated NFA size when inlined; called rules count as one edge.
    private long InlinedSize(GrammarExpr expr) => expr switch
    {
        LiteralExpr l => l.Bytes.Length + 1,
        CharClassExpr c => 4L * c.Ranges.Count + 2,
        ByteClassExpr => 2,
        ByteRunExpr r => RunSize(r),
        SequenceExpr s => InlinedSize(s.Items) + 1,
        ChoiceExpr c => InlinedSize(c.Alternatives) + 2,
        RepeatExpr r when IsCounted(r) => Math.Min(InlineSizeLimit * 4, InlinedSize(r.Item) * (r.Min + 1)) + 2,
        RepeatExpr r => Math.Min(InlineSizeLimit * 4, InlinedSize(r.Item) * Math.Max(1, r.Max ?? r.Min + 1)) + 2,
        ByteAutomatonExpr a => a.Final.Length + 2,
        CountedAutomatonExpr => 1,
        RuleRefExpr r => _ruleIndex[r.Name] is var rule && _isCalled[rule] ? 1 : RuleSize(rule),
        _ => throw new GrammarException($"unknown grammar node {expr.GetType().Name}"),
    };

    // Sized as the repetition of its bytes a run stands for: the determinizer still copies its states per count.
    private static long RunSize(ByteRunExpr run)
    {
        long bytes = 0;
        foreach (var range in run.Bytes) bytes += range.Last - range.First + 1;
        return Math.Min(InlineSizeLimit * 4, (4 * bytes + 2) * run.Max) + 2;
    }

    // By index: CallSharedRules sizes every rule in each of its passes, and LINQ's delegates and enumerators were
    // most of what lowering allocated.
    private long InlinedSize(IReadOnlyList<GrammarExpr> parts)
    {
        long size = 0;
        foreach (var part in Items(parts)) size += InlinedSize(part);
        return size;
    }

    // The IR's lists are arrays or List<T>: read as spans, without an interface call per item.
    private static ReadOnlySpan<T> Items<T>(IReadOnlyList<T> items) => items switch
    {
        T[] array => array,
        List<T> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
        _ => items.ToArray(),
    };

    private long RuleSize(int rule)
    {
        if (_sizes[rule] != UnknownSize) return _sizes[rule];
        return _sizes[rule] = Math.Min(InlineSizeLimit * 4, InlinedSize(_exprs[rule]));
    }

    // Builds expr starting at state `from`; returns the state reached at its end.
    private int Build(GrammarExpr expr, int from)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                foreach (byte b in literal.Bytes)
                {
                    int next = _nfa.AddState();
                    _nfa.Bytes.Add(from, (b, b, next));
                    from = next;
                }
                return from;
            case CharClassExpr chars:
            {
                int end = _nfa.AddState();
                _continuation.Clear();
                _continuation.Add(end);
                foreach (var range in Items(chars.Ranges))
                {
                    if (range.First >= 0 && range.Last < 0x80 && range.First <= range.Last) _nfa.Bytes.Add(from, ((byte)range.First, (byte)range.Last, end));
                    else
                        foreach (var sequence in Utf8.Get(range))
                            AddPath(from, sequence);
                }
                return end;
            }
            case ByteClassExpr bytes:
            {
                int end = _nfa.AddState();
                foreach (var range in bytes.Ranges)
                {
                    var (lo, hi) = Nfa.ByteRange(range, "byte class");
                    _nfa.Bytes.Add(from, (lo, hi, end));
                }
                return end;
            }
            case ByteRunExpr run:
            {
                // The loop reads the run's bytes only; what follows starts from a state of its own, so the determinizer
                // can tell the run's bytes from others'.
                int loop = _nfa.AddRunLoop(run), end = _nfa.AddState();
                _nfa.Epsilon.Add(from, loop);
                _nfa.Epsilon.Add(loop, end);
                return end;
            }
            case SequenceExpr sequence:
                foreach (var item in Items(sequence.Items)) from = Build(item, from);
                return from;
            case ChoiceExpr choice:
            {
                int end = _nfa.AddState();
                foreach (var alternative in Items(choice.Alternatives))
                {
                    int start = _nfa.AddState();
                    _nfa.Epsilon.Add(from, start);
                    _nfa.Epsilon.Add(Build(alternative, start), end);
                }
                return end;
            }
            case RepeatExpr repeat:
                return BuildRepeat(repeat, from);
            case ByteAutomatonExpr automaton:
                return BuildAutomaton(automaton, from);
            case CountedAutomatonExpr counted:
            {
                // Its own rule, entered by a call: the parser frame of that rule does the counting.
                int rule = _called.Count;
                _called.Add($"(counted text {rule})");
                _countedText[rule] = counted;
                int after = _nfa.AddState();
                _nfa.Calls.Add(from, (rule, after));
                return after;
            }
            case RuleRefExpr reference when _calledIndex.TryGetValue(reference.Name, out int index)
                && !(_inliningDistinct && !_recursive.Contains(reference.Name) && !_grammar.DistinctItemRules.Contains(reference.Name)):
            {
                int end = _nfa.AddState();
                _nfa.Calls.Add(from, (index, end));
                return end;
            }
            case RuleRefExpr reference:
                return Build(_grammar.Rules[reference.Name], from);
            default:
                throw new GrammarException($"unknown grammar node {expr.GetType().Name}");
        }
    }

    // One NFA state per DFA state (entered by an epsilon: the DFA's start may have incoming edges), runs of bytes with
    // one target as one edge, final states on to the end. A counted automaton's states are marked for the determinizer.
    private int BuildAutomaton(ByteAutomatonExpr automaton, int from, CountedAutomatonExpr? counted = null)
    {
        int count = automaton.Final.Length;
        if (automaton.Next.Length != count * 256 || count == 0)
            throw new GrammarException("byte automaton needs 256 targets per state and a start state");
        if (counted is not null && counted.Counted.Length != count)
            throw new GrammarException("counted automaton needs one count flag per state");
        var state = new int[count];
        for (int s = 0; s < count; s++)
        {
            state[s] = _nfa.AddState();
            if (counted is not null) _nfa.CountedText[state[s]] = (counted.MaxCount, counted.Counted[s]);
        }
        int end = _nfa.AddState();
        _nfa.Epsilon.Add(from, state[0]);
        for (int s = 0; s < count; s++)
        {
            for (int lo = 0, hi; lo < 256; lo = hi + 1)
            {
                int target = automaton.Next[s * 256 + lo];
                for (hi = lo; hi < 255 && automaton.Next[s * 256 + hi + 1] == target; hi++) { }
                if (target < 0) continue;
                if (target >= count) throw new GrammarException($"byte automaton target {target} is not a state");
                _nfa.Bytes.Add(state[s], ((byte)lo, (byte)hi, state[target]));
            }
            if (automaton.Final[s]) _nfa.Epsilon.Add(state[s], end);
        }
        return end;
    }

    private int BuildRepeat(RepeatExpr repeat, int from)
    {
        if (repeat.Min < 0 || repeat.Max < repeat.Min)
            throw new GrammarException($"repetition {{{repeat.Min},{repeat.Max}}} is invalid (need 0 <= min <= max)");
        for (int i = 0; i < repeat.Min; i++) from = Build(repeat.Item, from);
        if (IsCounted(repeat))
        {
            // One counted rule per copy: each has a single call site, so its entries know the state it returns to.
            int rule = _called.Count;
            _called.Add($"(counted repetition {rule})");
            _counted[rule] = (repeat.Item, repeat.Max!.Value - repeat.Min);
            int after = _nfa.AddState();
            _nfa.Calls.Add(from, (rule, after));
            return after;
        }
        if (repeat.Max is null)
        {
            int loop = _nfa.AddState();
            _nfa.Epsilon.Add(from, loop);
            _nfa.Epsilon.Add(Build(repeat.Item, loop), loop);
            return loop;
        }
        int end = _nfa.AddState();
        _nfa.Epsilon.Add(from, end);
        for (int i = repeat.Min; i < repeat.Max; i++)
        {
            from = Build(repeat.Item, from);
            _nfa.Epsilon.Add(from, end);
        }
        return end;
    }

    // Counted: more optional repetitions than the counted tail, of an item that reads text only (no rules, no
    // repetitions inside). Even a few hundred are far cheaper counted than expanded: the tail's states are shared.
    private bool IsCounted(RepeatExpr repeat) =>
        _countedTail > 0 && !_inliningDistinct && repeat.Max is int max && max - repeat.Min > _countedTail && IsFlat(repeat.Item);

    private static bool IsFlat(GrammarExpr expr) => expr switch
    {
        LiteralExpr or CharClassExpr or ByteClassExpr => true,
        SequenceExpr s => s.Items.All(IsFlat),
        ChoiceExpr c => c.Alternatives.All(IsFlat),
        _ => false,
    };

    // Item{0,count} as its own rule: a loop state that reads the item and comes back, counting its returns in the
    // parser frame (PushdownStep). After count - tail returns the frame is replaced by one of the tail rule,
    // item{0,tail} in ordinary states, named by the loop's marker edge (no byte reads it); one tail rule serves every
    // counted rule of the item. While the frame is in the loop at least tail + 1 repetitions remain, more than any token
    // can read, so the automaton's unbounded loop is what every token mask sees: entries stay per state, with no count.
    private int BuildCounted(GrammarExpr item, int count, int loop)
    {
        int end = _nfa.AddState();
        _nfa.Epsilon.Add(loop, end);
        int back = Build(item, loop);
        _nfa.Epsilon.Add(back, loop);
        if (!_tailRule.TryGetValue(item, out int tail))
        {
            _tailRule[item] = tail = _called.Count;
            _tailItem[tail] = item;
            _called.Add($"(counted tail {tail})");
        }
        _nfa.CountedLoops.Add((loop, back, count - _countedTail, tail));
        return end;
    }

    private static (byte Lo, byte Hi)[][] Utf8SequencesOf(CodeRange range)
    {
        var sequences = new List<(byte, byte)[]>();
        Utf8Sequences.Split(range.First, range.Last, sequences.Add);
        return sequences.ToArray();
    }

    // A sequence's trailing bytes that may be any continuation byte lead into the class's shared chain, so its
    // multi-byte characters share their last states (a string's body had 18 states of its own for them; now 7).
    private void AddPath(int from, (byte Lo, byte Hi)[] sequence)
    {
        int own = sequence.Length;
        while (own > 1 && sequence[own - 1] == (0x80, 0xBF)) own--;
        for (int k = 0; k < own; k++)
        {
            int next = k == own - 1 ? Continuation(sequence.Length - own) : _nfa.AddState();
            _nfa.Bytes.Add(from, (sequence[k].Lo, sequence[k].Hi, next));
            from = next;
        }
    }

    private int Continuation(int bytes)
    {
        while (_continuation.Count <= bytes)
        {
            int state = _nfa.AddState();
            _nfa.Bytes.Add(state, (0x80, 0xBF, _continuation[^1]));
            _continuation.Add(state);
        }
        return _continuation[bytes];
    }
}
