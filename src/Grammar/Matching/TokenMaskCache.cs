using LlmLang.Grammar.Automata;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// The adaptive token-mask cache: for each automaton state, the tokens accepted whatever lies below the top frame
/// (context-independent), and the trie subtrees whose acceptance depends on the frames below (context-dependent:
/// reached only by returning from the top rule). Rejected tokens are simply absent. Entries are computed on first
/// use and then shared by every matcher of the grammar (thread-safe).
/// </summary>
internal sealed class TokenMaskCache
{
    private readonly PushdownAutomaton _automaton;
    private readonly TokenTrie _trie;
    private readonly int _maskWords;
    private readonly int _maxStacks;
    private readonly StateTokenMask?[] _entries;
    private readonly int[] _representative;
    private readonly ulong[]?[] _loops;
    private readonly ulong[]?[] _textLoops;
    private readonly int[] _nonAsciiSuccessor;
    // Per byte class: its bytes, and how many of them are ASCII.
    private readonly byte[][] _bytesOfClass;
    private readonly int[] _asciiBytesOfClass;
    // The UTF-8 byte sequences of U+0080..U+10FFFF, each as the byte classes at each of its positions.
    private readonly int[][][] _nonAsciiClasses;
    private readonly int[] _textRun;
    // Per state: the self-looping state it is equivalent to (itself when none), Unknown until asked.
    private readonly int[] _loopEquivalent;
    private readonly int[] _textStepSuccessor;
    private readonly ulong[]?[] _textStepBytes;
    // Per state: the bytes it reads when there are at most MaxFewBytes of them, Many otherwise; null until asked.
    private readonly byte[]?[] _fewBytes;
    private static readonly byte[] Many = new byte[MaxFewBytes + 1];
    private const int MaxFewBytes = 8;
    // Per state: its closed set's shared walk, NoClosedSet when it lies in none, null until asked.
    private readonly object?[] _closedSets;
    private static readonly object NoClosedSet = new();
    private readonly Lock _closedSetLock = new();
    // A closed set larger than this is not looked for further (the search costs a row scan per state; an unanchored
    // pattern's search has about as many states as the pattern has characters, times the states after a match).
    private const int MaxClosedSet = 4096;
    private const int Unknown = -2;
    // A state entering or looping on fewer ASCII bytes reads little of the trie in the loop: walked directly.
    private const int MinSharedLoopBytes = 16;
    private const int MaxTextRun = 1 << 10;
    // A counting run takes a shared walk only when it reads most ASCII bytes (with fewer, most of the trie is an exit
    // anyway) and is longer than most tokens (the longer ones are checked one by one).
    private const int MinRunWalkBytes = 64;
    private const int MinRunWalkLength = TokenTrie.LongTokenBytes;
    private long _memoryBytes;
    // Per counted rule (a counted loop or a counted automaton): the state it returns to, as a frame over unknown context
    // (what lies below its frames); null for other rules.
    private readonly StackNode?[] _returnFrames;
    // Whether the start rule is called (recursion through the root): its frames may then sit on others.
    private readonly bool _startRuleCalled;
    // A pushdown step left by the last entry walk that needed one: its memo of general steps holds for any entry of
    // the automaton, and building a step per entry (growing its memo each time) cost a third of a compilation.
    private PushdownStep? _idleStep;
    // Per rule: entries shared with the other grammars of the vocabulary that hold the same rule (SharedRuleEntries),
    // indexed from the rule's first state; null for most rules.
    private readonly StateTokenMask?[]?[] _sharedEntries;

    // groupEquivalentStates: whether states that accept the same tokens share one entry (StateEquivalence, about a
    // microsecond per state: worth it when entries are computed now, not when a text visits a few hundred of tens of
    // thousands of states on first use).
    public TokenMaskCache(PushdownAutomaton automaton, TokenTrie trie, int maskWords, int maxStacks, bool groupEquivalentStates)
    {
        _automaton = automaton;
        _trie = trie;
        _maskWords = maskWords;
        _maxStacks = maxStacks;
        _entries = new StateTokenMask?[automaton.StateCount];
        _closedSets = new object?[automaton.StateCount];
        // Deep enough that no token's walk (its bytes; entering and leaving rules read none) tells grouped states apart.
        int depth = TrieSubtrees.Of(trie).Height[0] + 2;
        _startRuleCalled = Array.IndexOf(automaton.CallRule, 0) >= 0;
        _returnFrames = new StackNode?[automaton.RuleStart.Length];
        var tailChain = TailChainRules(automaton);
        for (int rule = 0; rule < _returnFrames.Length; rule++)
            if ((automaton.CountedRule[rule] || automaton.TextLimit[automaton.RuleStart[rule]] > 0 || tailChain[rule] && automaton.ReturnTarget[rule] >= 0 && automaton.HasPlainFrame(automaton.ReturnTarget[rule]))
                && automaton.ReturnTarget[rule] is >= 0 and var target)
                _returnFrames[rule] = new StackNode(target, StackNode.Unknown);
        _sharedEntries = new StateTokenMask?[]?[_returnFrames.Length];
        for (int rule = 1; rule < _returnFrames.Length; rule++)
            if (_returnFrames[rule] is null) _sharedEntries[rule] = SharedRuleEntries.For(trie, automaton, rule, maskWords, maxStacks);
        _representative = !groupEquivalentStates ? Enumerable.Range(0, automaton.StateCount).ToArray()
            : StateEquivalence.Representatives(automaton, depth, GroupKey);
        (_bytesOfClass, _asciiBytesOfClass) = BytesOfClasses(automaton);
        _nonAsciiClasses = NonAsciiSequences.Select(sequence => sequence.Select(range => ClassesOf(automaton, range)).ToArray()).ToArray();
        _loops = new ulong[]?[automaton.StateCount];
        _textLoops = new ulong[]?[automaton.StateCount];
        _nonAsciiSuccessor = new int[automaton.StateCount];
        _textRun = new int[automaton.StateCount];
        _textStepSuccessor = new int[automaton.StateCount];
        _textStepBytes = new ulong[]?[automaton.StateCount];
        _fewBytes = new byte[]?[automaton.StateCount];
        _loopEquivalent = new int[automaton.StateCount];
        Array.Fill(_loopEquivalent, Unknown);
        Array.Fill(_textStepSuccessor, Unknown);
        Array.Fill(_nonAsciiSuccessor, Unknown);
        Array.Fill(_textRun, Unknown);
    }

    // What states must share to share an entry at all, besides their flags (see StateEquivalence): whether nothing
    // lies below them, and the state a counted or tail-chain rule returns to. A tail's states are kept apart (each its
    // own group): grouping a chain of thousands of states costs a round per byte of depth, for entries that are rarely
    // needed. So are distinct-items states: their entries defer closing quotes to the real stack (EntryWalk.Child),
    // which an equivalent ordinary state's entry would not.
    private int GroupKey(int state) =>
        IsAlwaysBottom(state) ? -2
        : _automaton.RuleOf(state) is var rule && (_automaton.TailRule[rule] || _automaton.InDistinctItems(state)) ? -3 - state
        : _returnFrames[rule]?.State ?? -1;

    // Rules that make or take a tail call (objects in schema order: each member's rule ends in a call to the next). Their
    // frames all sit on the state after the chain's first call, whose next bytes (a closing brace) end most tokens
    // that a member's value ends: read there instead of left to the real stack, where every such mask walked hundreds
    // of subtrees.
    private static bool[] TailChainRules(PushdownAutomaton automaton)
    {
        var chain = new bool[automaton.RuleStart.Length];
        for (int c = 0; c < automaton.CallRule.Length; c++)
            if (automaton.OnlyReturns[automaton.CallTarget[c]])
                chain[automaton.CallRule[c]] = chain[automaton.RuleOf(automaton.CallTarget[c])] = true;
        return chain;
    }

    private static readonly (byte Lo, byte Hi)[][] NonAsciiSequences = NonAsciiSequencesOf();

    private static (byte Lo, byte Hi)[][] NonAsciiSequencesOf()
    {
        var sequences = new List<(byte, byte)[]>();
        Automata.Utf8Sequences.Split(0x80, 0x10FFFF, sequence => sequences.Add([.. sequence]));
        return sequences.ToArray();
    }

    private static int[] ClassesOf(PushdownAutomaton automaton, (byte Lo, byte Hi) range)
    {
        var classes = new List<int>(4);
        for (int b = range.Lo; b <= range.Hi; b++)
            if (!classes.Contains(automaton.ClassOf[b])) classes.Add(automaton.ClassOf[b]);
        return classes.ToArray();
    }

    private static (byte[][] Bytes, int[] Ascii) BytesOfClasses(PushdownAutomaton automaton)
    {
        var sizes = new int[automaton.ClassCount];
        var ascii = new int[automaton.ClassCount];
        for (int b = 0; b < 256; b++)
        {
            sizes[automaton.ClassOf[b]]++;
            if (b < 0x80) ascii[automaton.ClassOf[b]]++;
        }
        var bytes = new byte[automaton.ClassCount][];
        for (int c = 0; c < bytes.Length; c++) bytes[c] = new byte[sizes[c]];
        Array.Clear(sizes);
        for (int b = 0; b < 256; b++) bytes[automaton.ClassOf[b]][sizes[automaton.ClassOf[b]]++] = (byte)b;
        return (bytes, ascii);
    }

    /// <summary>Bytes held by the entries computed so far.</summary>
    public long MemoryBytes => Interlocked.Read(ref _memoryBytes) + 12L * _entries.Length;

    public StateTokenMask Get(int state)
    {
        state = _representative[state];
        var entry = Volatile.Read(ref _entries[state]);
        if (entry is not null) return entry;
        // A state equivalent to a self-looping one takes its entry: the loop's walk is shared (SharedWalk), the state's
        // own is not. Grouped states already share their group's entry, computed here from the loop.
        int loop = LoopEquivalent(state);
        if (loop != state && _representative[loop] == loop)
        {
            var borrowed = Get(loop);
            return Interlocked.CompareExchange(ref _entries[state], borrowed, null) ?? borrowed;
        }
        int rule = _automaton.RuleOf(state), first = _automaton.RuleStart[rule];
        var shared = _sharedEntries[rule];
        if (shared is not null && Volatile.Read(ref shared[state - first]) is { } relative) entry = SharedRuleEntries.Placed(relative, first);
        else
        {
            entry = Compute(loop);
            if (shared is not null && SharedRuleEntries.Relative(entry, first, shared.Length) is { } made)
                Interlocked.CompareExchange(ref shared[state - first], made, null);
        }
        if (Interlocked.CompareExchange(ref _entries[state], entry, null) is { } raced) return raced;
        Interlocked.Add(ref _memoryBytes, entry.MemoryBytes);
        return entry;
    }

    /// <summary>Computes every state's entry now, or as many as <paramref name="budget"/> allows (the rest are
    /// computed on first use). Counted repetitions' tails are left for first use unless <paramref name="tails"/>: a
    /// text gets there only within a token's length of a long limit, and each tail has a few thousand states.</summary>
    public void ComputeAll(TimeSpan? budget = null, bool tails = false)
    {
        long deadline = budget is { } b ? System.Diagnostics.Stopwatch.GetTimestamp() + (long)(b.TotalSeconds * System.Diagnostics.Stopwatch.Frequency) : long.MaxValue;
        for (int s = 0; s < _entries.Length && System.Diagnostics.Stopwatch.GetTimestamp() < deadline; s++)
            if (_representative[s] == s && (tails || !_automaton.TailRule[_automaton.RuleOf(s)])) Get(s);
    }

    private StateTokenMask Compute(int state)
    {
        var below = BelowOf(state);
        // Taken before this entry's walk, which holds the thread's position set.
        var callees = CalleeEntries(state, below);
        var walk = new EntryWalk(this);
        walk.Start(state, below, ownBytesOnly: callees is not null);
        StateTokenMask entry;
        try
        {
            if (callees is not null)
                foreach (var callee in callees)
                    if (callee.ReturnFrame is not null) walk.Resolve(callee);
            // Ids when they take less room than a bitmask (most states accept few tokens). An entry that started
            // from a shared walk keeps its tokens as a reference to that walk's bitmask plus its own ids.
            int count = walk.CountAccepted();
            uint[]? bits = walk.SharedBits;
            int[] ids = [];
            if (count < _maskWords) ids = walk.ToIds(count);
            else if (bits is null) bits = walk.ToIdBits(_maskWords);
            else
            {
                var own = walk.ToIdBits(_maskWords);
                for (int w = 0; w < bits.Length; w++) own[w] |= bits[w];
                bits = own;
            }
            entry = new StateTokenMask(bits, ids, walk.Uncertain.ToArray(), walk.UncertainParentStates.ToArray(), SharesBits: bits is not null && bits == walk.SharedBits);
        }
        finally
        {
            walk.Release();
        }
        // A returning call's context-dependent nodes were read against the frame it returns to (Resolve): only its
        // tokens join; a tail call's nodes join as they are.
        return callees is null ? entry
            : Union([entry, .. callees.Select(callee => callee.Entry)], [entry, .. callees.Where(callee => callee.ReturnFrame is null).Select(callee => callee.Entry)]);
    }

    // The frames below a state's frame when its entry is computed. Frames of a start rule that is never called have
    // nothing below them: no context to depend on. Frames of a counted rule sit on the one state it returns to, so
    // tokens that end the string are read there (as for an inline string). Other rules called from one place are not
    // worth it: walking on into their caller made whole-schema compilations up to twice as slow.
    private StackNode? BelowOf(int state) => IsAlwaysBottom(state) ? null : _returnFrames[_automaton.RuleOf(state)] ?? StackNode.Unknown;

    // One call's part of an entry: the entry of the called rule's start, and the frame the call returns to (null for a
    // tail call, whose callee's frame sits on the caller's frames below).
    private readonly record struct CalleeEntry(int Start, StateTokenMask Entry, StackNode? ReturnFrame);

    // The entries of the rules `state` calls, when every callee's entry can stand in for walking into it. A token is
    // allowed from a set of stacks when it is from one of them, so the state's entry is its own bytes' walk plus, per
    // call, the callee's tokens and its context-dependent nodes read against the frame the call returns to. That holds
    // when the callee's entry was computed over what the call puts below it (the same frames for a tail call), or over
    // unknown context, and every frame involved carries nothing but its state. Walking into the callees instead cost
    // each calling state a walk of the callee's whole trie (a string value reads every token that starts with a quote),
    // and for objects in schema order (each optional member's rule may tail-call the next) time quadratic in the
    // members. Null when this does not apply, or when the entries being composed on this thread are MaxComposeDepth
    // deep or already include the callee (a state grouped with a rule start it calls).
    private CalleeEntry[]? CalleeEntries(int state, StackNode? below)
    {
        var a = _automaton;
        if (!a.HasCalls(state) || !a.HasPlainFrame(state) || a.CountedRule[a.RuleOf(state)]) return null;
        var composing = t_composing ??= new();
        if (composing.Count >= MaxComposeDepth) return null;
        var plan = new (int Start, StackNode? ReturnFrame)[a.CallStart[state + 1] - a.CallStart[state]];
        for (int i = 0; i < plan.Length; i++)
        {
            int c = a.CallStart[state] + i, rule = a.CallRule[c], start = a.RuleStart[rule], target = a.CallTarget[c];
            if (a.CountedRule[rule] || a.TailRule[rule] || !a.HasPlainFrame(start) || _representative[start] == state || composing.Contains((this, _representative[start])))
                return null;
            var calleeBelow = BelowOf(start);
            if (a.OnlyReturns[target])
            {
                if (!Equals(calleeBelow, below)) return null;
                plan[i] = (start, null);
                continue;
            }
            var returnFrame = new StackNode(target, below);
            if (!a.HasPlainFrame(target) || !ReferenceEquals(calleeBelow, StackNode.Unknown) && !Equals(calleeBelow, returnFrame)) return null;
            plan[i] = (start, returnFrame);
        }
        var entries = new CalleeEntry[plan.Length];
        composing.Add((this, state));
        try
        {
            for (int i = 0; i < plan.Length; i++) entries[i] = new CalleeEntry(plan[i].Start, Get(plan[i].Start), plan[i].ReturnFrame);
        }
        finally
        {
            composing.RemoveAt(composing.Count - 1);
        }
        return entries;
    }

    // The states whose entries are being composed on this thread, outermost first.
    [ThreadStatic] private static List<(TokenMaskCache Cache, int State)>? t_composing;
    // Deeper chains compute an entry by walking (each level holds a few frames of the thread's stack).
    private const int MaxComposeDepth = 64;

    // The entry allowing the tokens any of `parts` allows (one bitmask shared when only one part has one, ids not in
    // it) and the context-dependent nodes of `nodeParts`, each once. Ids are told apart with a per-thread scratch
    // bitmask: a callee such as the generic JSON value brings about 1,500 of them to every state that calls it.
    private StateTokenMask Union(StateTokenMask[] parts, StateTokenMask[] nodeParts)
    {
        uint[]? bits = null;
        bool sharesBits = false;
        int total = 0;
        foreach (var part in parts)
        {
            total += part.AcceptedIds.Length;
            if (part.AcceptedBits is not { } partBits) continue;
            if (bits is null) (bits, sharesBits) = (partBits, true);
            else
            {
                if (sharesBits) (bits, sharesBits) = ((uint[])bits.Clone(), false);
                for (int w = 0; w < bits.Length; w++) bits[w] |= partBits[w];
            }
        }
        var seen = t_unionSeen is { } buffer && buffer.Length == _maskWords ? buffer : t_unionSeen = new uint[_maskWords];
        var ids = new int[total];
        int count = 0;
        foreach (var part in parts)
            foreach (int id in part.AcceptedIds)
            {
                int word = id >> 5;
                uint bit = 1u << (id & 31);
                if ((seen[word] & bit) != 0 || bits is not null && (bits[word] & bit) != 0) continue;
                seen[word] |= bit;
                ids[count++] = id;
            }
        for (int i = 0; i < count; i++) seen[ids[i] >> 5] = 0;
        if (bits is null && count >= _maskWords)
        {
            bits = new uint[_maskWords];
            for (int i = 0; i < count; i++) bits[ids[i] >> 5] |= 1u << (ids[i] & 31);
            count = 0;
        }
        var (nodes, parentStates) = nodeParts.Count(part => part.UncertainNodes.Length > 0) > 1 ? DistinctUncertain(nodeParts)
            : nodeParts.FirstOrDefault(part => part.UncertainNodes.Length > 0) is { } only ? (only.UncertainNodes, only.UncertainParentStates)
            : ([], []);
        return new StateTokenMask(bits, count == ids.Length ? ids : ids[..count], nodes, parentStates, sharesBits);
    }

    [ThreadStatic] private static uint[]? t_unionSeen;

    // The parts' context-dependent nodes with their parent states, each pair once.
    private static (int[] Nodes, int[] ParentStates) DistinctUncertain(StateTokenMask[] parts)
    {
        var uncertain = new HashSet<(int Node, int ParentState)>();
        var nodes = new List<int>();
        var parentStates = new List<int>();
        foreach (var part in parts)
            for (int i = 0; i < part.UncertainNodes.Length; i++)
                if (uncertain.Add((part.UncertainNodes[i], part.UncertainParentStates[i])))
                {
                    nodes.Add(part.UncertainNodes[i]);
                    parentStates.Add(part.UncertainParentStates[i]);
                }
        return ([.. nodes], [.. parentStates]);
    }

    // The bytes on which `state` steps to itself (4 words of 64 bits), computed once per state.
    private ulong[] LoopBytes(int state)
    {
        if (Volatile.Read(ref _loops[state]) is { } known) return known;
        var set = new ulong[4];
        for (int b = 0; b < 256; b++)
            if (_automaton.Next[state * _automaton.ClassCount + _automaton.ClassOf[b]] == state) set[b >> 6] |= 1UL << (b & 63);
        Volatile.Write(ref _loops[state], set);
        return set;
    }

    // The state's ASCII loop bytes plus every byte >= 0x80: valid for subtrees of well-formed UTF-8 when
    // LoopsOnText(state) holds.
    private ulong[] TextLoopBytes(int state)
    {
        if (Volatile.Read(ref _textLoops[state]) is { } known) return known;
        var loop = LoopBytes(state);
        ulong[] set = [loop[0], loop[1], ulong.MaxValue, ulong.MaxValue];
        Volatile.Write(ref _textLoops[state], set);
        return set;
    }

    // True when every non-ASCII character (any scalar >= U+0080), read byte by byte, leads from the state back to it.
    private bool LoopsOnText(int state) => NonAsciiSuccessor(state) == state;

    // The one state that every non-ASCII character (any scalar >= U+0080), read byte by byte, leads to from `state`;
    // -1 when they lead to different states or some is not allowed.
    private int NonAsciiSuccessor(int state)
    {
        int known = Volatile.Read(ref _nonAsciiSuccessor[state]);
        if (known != Unknown) return known;
        int successor = NonAsciiTargets(state) is [int only] ? only : -1;
        Volatile.Write(ref _nonAsciiSuccessor[state], successor);
        return successor;
    }

    // The states that the non-ASCII characters lead to from `state`, read byte by byte; null when some character
    // is not allowed.
    private List<int>? NonAsciiTargets(int state)
    {
        var targets = new List<int>(2);
        var states = new List<int>(4);
        var next = new List<int>(4);
        foreach (var sequence in _nonAsciiClasses)
        {
            states.Clear();
            states.Add(state);
            foreach (var classes in sequence)
            {
                next.Clear();
                foreach (int q in states)
                    foreach (int cls in classes)
                    {
                        int t = _automaton.Next[q * _automaton.ClassCount + cls];
                        if (t < 0) return null;
                        if (!next.Contains(t)) next.Add(t);
                    }
                (states, next) = (next, states);
            }
            foreach (int q in states)
                if (!targets.Contains(q)) targets.Add(q);
        }
        return targets;
    }

    // For a counted text character (a string with maxLength, a length-limited label of a format): the successor
    // that most ASCII bytes lead to, and the bytes that lead there (plus every byte >= 0x80 when every non-ASCII
    // character leads there too); null when no byte is read.
    private ulong[]? TextStepBytes(int state)
    {
        int known = Volatile.Read(ref _textStepSuccessor[state]);
        if (known != Unknown) return known < 0 ? null : _textStepBytes[state];
        int row = state * _automaton.ClassCount, successor = -1, best = 0;
        // Targets by ASCII bytes leading there, counted per class (a few dozen classes, not 128 bytes).
        Span<int> targets = stackalloc int[_automaton.ClassCount];
        Span<int> counts = stackalloc int[_automaton.ClassCount];
        int distinct = 0;
        for (int c = 0; c < _automaton.ClassCount; c++)
        {
            int t = _automaton.Next[row + c];
            if (t < 0 || _asciiBytesOfClass[c] == 0) continue;
            int at = targets[..distinct].IndexOf(t);
            if (at < 0) (at, targets[distinct], counts[distinct]) = (distinct++, t, 0);
            int count = counts[at] += _asciiBytesOfClass[c];
            if (count > best || count == best && t < successor) (successor, best) = (t, count);
        }
        if (successor >= 0)
        {
            ulong a0 = 0, a1 = 0;
            for (int b = 0; b < 128; b++)
                if (_automaton.Next[row + _automaton.ClassOf[b]] == successor)
                {
                    if (b < 64) a0 |= 1UL << b;
                    else a1 |= 1UL << (b - 64);
                }
            ulong high = NonAsciiSuccessor(state) == successor ? ulong.MaxValue : 0;
            _textStepBytes[state] = [a0, a1, high, high];
        }
        Volatile.Write(ref _textStepSuccessor[state], successor);
        return successor < 0 ? null : _textStepBytes[state];
    }

    // How many text characters in a row `state` reads (see TextStepBytes; each successor steps on at least the same
    // bytes), capped: a trie subtree of such text no deeper than that is accepted whole. 0: not a text step.
    private int TextRun(int state)
    {
        int known = Volatile.Read(ref _textRun[state]);
        if (known != Unknown) return known;
        // Follow the chain forward (it can be thousands of states long), then fill in the lengths backwards.
        var chain = new List<int>();
        int tail = 0;
        for (int q = state; ;)
        {
            int memo = Volatile.Read(ref _textRun[q]);
            if (memo != Unknown) { tail = memo; break; }
            var bytes = TextStepBytes(q);
            if (bytes is null) { Volatile.Write(ref _textRun[q], 0); break; }
            chain.Add(q);
            int successor = _textStepSuccessor[q];
            if (successor == q) { tail = MaxTextRun; break; }
            if (chain.Count == MaxTextRun) break;
            if (TextStepBytes(successor) is not { } next || (bytes[0] & ~next[0] | bytes[1] & ~next[1] | bytes[2] & ~next[2]) != 0) break;
            q = successor;
        }
        for (int k = chain.Count - 1; k >= 0; k--)
        {
            tail = Math.Min(MaxTextRun, tail + 1);
            Volatile.Write(ref _textRun[chain[k]], tail);
        }
        return Volatile.Read(ref _textRun[state]);
    }

    // The shared walk (see SelfLoopWalks) from `state` into the state most of its ASCII bytes lead to, when that one
    // loops on many bytes and returns nowhere; null otherwise.
    private (SelfLoopWalk Walk, int LoopState)? SharedWalk(int state)
    {
        if (!HasManyAsciiSteps(state) || TextStepBytes(state) is not { } first || ByteSet.Of(first).AsciiCount < MinSharedLoopBytes) return null;
        int loopState = LoopEquivalent(_textStepSuccessor[state]);
        var loop = ByteSet.Of(LoopBytes(loopState));
        if (loop.AsciiCount < MinSharedLoopBytes || _automaton.HasCalls(loopState) || _automaton.Final[loopState]) return null;
        bool onText = LoopsOnText(loopState);
        int run = TextRun(loopState);
        var profile = new LoopProfile(ByteSet.Of(first), loop, onText, onText ? ByteSet.Of(TextLoopBytes(loopState)) : default,
            run, run > 0 ? ByteSet.Of(TextStepBytes(loopState)) : default);
        return (SelfLoopWalks.Walks.Get(_trie, profile), loopState);
    }

    // The self-looping state that `state` is equivalent to (see Bisimilar), looked for along its text steps (the
    // states after a string's opening quote and first characters lead on to the body's loop); `state` itself when
    // none is found. Read for every trie node an entry walk steps to: the known answer is one load.
    private int LoopEquivalent(int state) =>
        Volatile.Read(ref _loopEquivalent[state]) is var known && known != Unknown ? known : FindLoopEquivalent(state);

    private int FindLoopEquivalent(int state)
    {
        int found = state;
        if (_automaton.DistinctItems is null && HasManyAsciiSteps(state))
            for (int q = state, k = 0; k <= MaxLoopChain && TextStepBytes(q) is not null; k++)
            {
                int next = _textStepSuccessor[q];
                if (next == q)
                {
                    if (q != state && Bisimilar(state, q)) found = q;
                    break;
                }
                q = next;
            }
        Volatile.Write(ref _loopEquivalent[state], found);
        return found;
    }

    // Text steps followed from a state to the loop it may be equivalent to.
    private const int MaxLoopChain = 4;
    // Pairs of states compared at most before giving up (a string body with escapes and UTF-8 continuations takes
    // about twenty).
    private const int MaxBisimilarPairs = 256;

    // Whether two states of one rule accept the same byte strings with the same frames in every context: the pairs
    // reached from them by the same bytes and calls agree on flags, group key, plain frames, calls and which bytes
    // lead anywhere. Every walk then gives both states the same entry, up to equivalent states at its nodes.
    private bool Bisimilar(int first, int second)
    {
        var a = _automaton;
        var seen = new HashSet<(int, int)> { (first, second) };
        var pending = new Stack<(int P, int Q)>();
        pending.Push((first, second));
        while (pending.Count > 0)
        {
            var (p, q) = pending.Pop();
            if (a.Final[p] != a.Final[q] || a.Completes[p] != a.Completes[q] || a.OnlyReturns[p] != a.OnlyReturns[q]
                || !a.HasPlainFrame(p) || !a.HasPlainFrame(q) || GroupKey(p) != GroupKey(q)
                || a.CallStart[p + 1] - a.CallStart[p] != a.CallStart[q + 1] - a.CallStart[q])
                return false;
            for (int i = a.CallStart[p], j = a.CallStart[q]; i < a.CallStart[p + 1]; i++, j++)
                if (a.CallRule[i] != a.CallRule[j] || !Pair(a.CallTarget[i], a.CallTarget[j])) return false;
            int rowP = p * a.ClassCount, rowQ = q * a.ClassCount;
            for (int c = 0; c < a.ClassCount; c++)
            {
                int tp = a.Next[rowP + c], tq = a.Next[rowQ + c];
                if ((tp < 0) != (tq < 0) || tp >= 0 && !Pair(tp, tq)) return false;
            }
        }
        return true;

        // Queues a pair; false when too many pairs are compared.
        bool Pair(int p, int q)
        {
            if (p == q || !seen.Add(p < q ? (p, q) : (q, p))) return true;
            pending.Push((p, q));
            return seen.Count <= MaxBisimilarPairs;
        }
    }

    // The bytes `state` reads, when there are at most MaxFewBytes; null otherwise.
    private byte[]? FewBytes(int state)
    {
        if (Volatile.Read(ref _fewBytes[state]) is not { } bytes)
        {
            int row = state * _automaton.ClassCount, count = 0;
            for (int c = 0; c < _automaton.ClassCount && count <= MaxFewBytes; c++)
                if (_automaton.Next[row + c] >= 0) count += _bytesOfClass[c].Length;
            if (count > MaxFewBytes) bytes = Many;
            else
            {
                bytes = new byte[count];
                for (int c = 0, k = 0; k < count; c++)
                    if (_automaton.Next[row + c] >= 0)
                        foreach (byte b in _bytesOfClass[c]) bytes[k++] = b;
            }
            Volatile.Write(ref _fewBytes[state], bytes);
        }
        return ReferenceEquals(bytes, Many) ? null : bytes;
    }

    // At least MinSharedLoopBytes ASCII bytes lead somewhere: a cheap test before TextStepBytes.
    private bool HasManyAsciiSteps(int state)
    {
        int row = state * _automaton.ClassCount, steps = 0;
        for (int c = 0; c < _automaton.ClassCount && steps < MinSharedLoopBytes; c++)
            if (_automaton.Next[row + c] >= 0) steps += _asciiBytesOfClass[c];
        return steps >= MinSharedLoopBytes;
    }

    // The shared walk of the closed set (see ClosedSetWalks) that `state` lies in, or that its counting run reads
    // (CountingRunWalk); null when none is found. A found set is recorded for all its states; a failed search for all
    // the states it explored (a counting chain would otherwise be searched again from each of its states), which at
    // worst misses a set, never admits a wrong one.
    private ClosedSetWalk? ClosedSetWalkOf(int state)
    {
        if (Volatile.Read(ref _closedSets[state]) is { } known) return known as ClosedSetWalk;
        lock (_closedSetLock)
        {
            if (_closedSets[state] is { } raced) return raced as ClosedSetWalk;
            if (CountingRunWalk(state) is { } walk)
            {
                Volatile.Write(ref _closedSets[state], walk);
                return walk;
            }
            var members = new List<int> { state };
            object found = FindClosedSet(members) is { } profile ? ClosedSetWalks.Walks.Get(_trie, profile) : NoClosedSet;
            foreach (int q in members)
                if (_closedSets[q] is null) Volatile.Write(ref _closedSets[q], found);
            return found as ClosedSetWalk;
        }
    }

    // A state counting text characters (a string with a maxLength) reads like a closed set of its text step's bytes
    // for as long as its run lasts (see TextRun): every such byte, and with text every non-ASCII character, leads to
    // the next state of the run. So the walk of that set, when some grammar built one, gives its entry: the tokens of
    // the set no longer than the run in characters, and the exits read along the skeleton, where the states past the
    // run are dead (the state ending the run reads none of the set's bytes). Null when this does not apply.
    private ClosedSetWalk? CountingRunWalk(int state)
    {
        if (_automaton.DistinctItems is not null || !HasManyAsciiSteps(state) || TextRun(state) is var run && run < MinRunWalkLength
            || TextStepBytes(state) is not { } bytes)
            return null;
        var profile = new ClosedSetProfile(new ByteSet(bytes[0], bytes[1], 0, 0), bytes[2] == ulong.MaxValue);
        if (profile.Bytes.AsciiCount < MinRunWalkBytes || ClosedSetWalks.Walks.Find(_trie, profile) is not { } set) return null;
        // The states a token can reach along the run read text only: no calls, no returns.
        int q = state, reach = Math.Min(run, _trie.MaxTokenLength);
        for (int k = 0; ; k++, q = _textStepSuccessor[q])
        {
            if (_automaton.HasCalls(q) || _automaton.Final[q]) return null;
            if (k == reach) break;
        }
        if (run >= _trie.MaxTokenLength) return set;
        // `q` ends the run: reading any byte of the set there would take a token on past the run.
        int row = q * _automaton.ClassCount;
        for (int b = 0; b < 256; b++)
            if ((b < 0x80 ? profile.Bytes.Contains((byte)b) : profile.Text) && _automaton.Next[row + _automaton.ClassOf[b]] >= 0) return null;
        var accepted = (uint[])set.AcceptedIdBits.Clone();
        foreach (var (id, characters) in _trie.LongTokens)
            if (characters > run) accepted[id >> 5] &= ~(1u << (id & 31));
        Interlocked.Add(ref _memoryBytes, 4L * accepted.Length);
        return set with { AcceptedIdBits = accepted };
    }

    // Grows a set from its one member: every state reached by the set's bytes (and, when the first member reads every
    // non-ASCII character, by those) joins it, while the bytes shrink to those that every member reads into a state
    // with many ASCII steps (so the set does not take in escape or end states). Null when a member calls or may
    // return, a character is not allowed, the set grows past MaxClosedSet states, or fewer than MinSharedLoopBytes
    // bytes remain; `members` then holds the states explored.
    private ClosedSetProfile? FindClosedSet(List<int> members)
    {
        // Only a state whose usual successor loops on its own usual bytes (a string body, a search's hub) starts a
        // search: in a counting chain each state leads on to the next.
        int start = members[0];
        if (!HasManyAsciiSteps(start) || TextStepBytes(start) is null || _textStepSuccessor[start] is var hub && (TextStepBytes(hub) is null || _textStepSuccessor[hub] != hub)) return null;
        bool text = NonAsciiTargets(start) is not null;
        var seen = new HashSet<int>(members);
        // Many targets recur (every byte of a search leads back to its hub): their test is made once.
        var manySteps = new Dictionary<int, bool>();
        var bytes = new ByteSet(ulong.MaxValue, ulong.MaxValue, 0, 0);
        for (int i = 0; i < members.Count; i++)
        {
            int q = members[i];
            if (_automaton.HasCalls(q) || _automaton.Final[q]) return null;
            int row = q * _automaton.ClassCount;
            for (int b = 0; b < 128; b++)
            {
                if (!bytes.Contains((byte)b)) continue;
                int t = _automaton.Next[row + _automaton.ClassOf[b]];
                if (t < 0 || _automaton.HasCalls(t) || _automaton.Final[t]
                    || !(manySteps.TryGetValue(t, out bool many) ? many : manySteps[t] = HasManyAsciiSteps(t)))
                    bytes = bytes.Without((byte)b);
                else if (seen.Add(t)) members.Add(t);
            }
            if (bytes.AsciiCount < MinSharedLoopBytes) return null;
            if (text)
            {
                if (NonAsciiTargets(q) is not { } targets) return null;
                foreach (int t in targets)
                    if (seen.Add(t)) members.Add(t);
            }
            if (members.Count > MaxClosedSet) return null;
        }
        return new ClosedSetProfile(bytes, text);
    }

    private bool IsAlwaysBottom(int state) =>
        !_startRuleCalled && (_automaton.RuleStart.Length == 1 || state < _automaton.RuleStart[1]);

    // One entry's trie walk. The common case, a single frame whose state has no calls, steps the DFA table directly;
    // anything else goes through the general pushdown step.
    private sealed class EntryWalk(TokenMaskCache cache)
    {
        private readonly PushdownAutomaton _a = cache._automaton;
        private readonly TokenTrie _trie = cache._trie;
        private readonly TrieSubtrees _subtrees = TrieSubtrees.Of(cache._trie);
        // The hot loop's tables, one load away.
        private readonly int[] _next = cache._automaton.Next;
        private readonly byte[] _classOf = cache._automaton.ClassOf;
        private readonly byte[] _label = cache._trie.Label;
        // The class of the quote that closes a distinct-items string (-1: the grammar has none), and that layout.
        private readonly int _quoteClass = cache._automaton.DistinctItems is null ? -1 : cache._automaton.ClassOf['"'];
        private readonly DistinctItemsLayout? _items = cache._automaton.DistinctItems;

        // Accepted tokens by trie position (subtrees are ranges there), turned into ids once at the end. Reused per
        // thread: a compilation computes hundreds of entries, most accepting a handful of tokens.
        [ThreadStatic] private static TriePositionSet? t_positions;
        private readonly TriePositionSet _positions = TakePositions(cache._trie.Ids.Length);
        // The states along a closed set's skeleton, reused per thread.
        [ThreadStatic] private static int[]? t_skeletonStates;
        // Per known frames below a final state: the byte classes they can read after it returns, and whether they
        // may return into unknown context (see FinalOverFrame).
        private Dictionary<StackNode, (bool[] Classes, bool Unknown)>? _returnSteps;
        // Taken on first use: most entries step the DFA table only.
        private PushdownStep? _step;

        private PushdownStep Pushdown => _step ??= Interlocked.Exchange(ref cache._idleStep, null) ?? new PushdownStep(_a, cache._maxStacks);

        public List<int> Uncertain { get; } = new();

        // The accepted tokens of the shared walk the entry started from (self-loop or closed set), not in the
        // positions, which hold only what the entry's own steps accepted; null when it started from none.
        public uint[]? SharedBits { get; private set; }

        // Per uncertain node, the top frame's state at its parent when the walk got there in the top frame alone (the
        // frames below untouched): the real stack at the parent is then that state over the real frames below; -2 -
        // the state when the walk got there in the frame below the top (a counted or tail-chain rule's return frame):
        // the real stack is then that state over the frames below that one; else -1.
        public List<int> UncertainParentStates { get; } = new();

        // The frames below at the root of the walk.
        private StackNode? _rootBelow;

        // Whether the root frame's calls are left out (their entries are added by the caller, see CalleeEntries).
        private bool _ownBytesOnly;

        public void Start(int state, StackNode? below, bool ownBytesOnly)
        {
            _rootBelow = below;
            _ownBytesOnly = ownBytesOnly;
            Dfa(0, state, below, touched: false);
        }

        // A call's context-dependent nodes read on into the frame it returns to: each from the callee's state at its
        // parent (or its whole prefix from the callee's start) over that frame, as the walk into the callee would.
        public void Resolve(CalleeEntry callee)
        {
            var entry = callee.Entry;
            StackNode[]? start = null;
            for (int i = 0; i < entry.UncertainNodes.Length; i++)
            {
                int node = entry.UncertainNodes[i], parentState = entry.UncertainParentStates[i];
                // The callee's entry was computed over the return frame itself: its frame below the top is that frame
                // stepped on, over this entry's frames below, so its state stands in this entry's top frame.
                if (parentState <= -2)
                {
                    AddUncertain(node, -2 - parentState);
                    continue;
                }
                bool touched = false;
                StackNode[] parent = parentState >= 0 ? [new StackNode(parentState, callee.ReturnFrame)]
                    : Pushdown.Advance(start ??= [new StackNode(callee.Start, callee.ReturnFrame)], Prefix(node), ref touched);
                if (parent.Length == 0)
                {
                    if (touched) AddUncertain(node, -1);
                    continue;
                }
                var next = Pushdown.Advance(parent, _label[node], ref touched);
                Step(node, next, touched);
            }
        }

        // The bytes of the path from the root to `node`'s parent: down the children whose subtrees hold its tokens.
        private byte[] Prefix(int node)
        {
            var bytes = new byte[_trie.Depth[node] - 1];
            int at = 0;
            for (int current = 0; at < bytes.Length; at++)
            {
                int child = _trie.FirstChild[current];
                while (_subtrees.SubtreeEnd[child] <= _trie.TokenStart[node]) child = _trie.NextSibling[child];
                bytes[at] = _label[child];
                current = child;
            }
            return bytes;
        }

        // The top frame is in `state` with `below` under it (null: the real bottom; Unknown: not known here).
        private void Dfa(int node, int state, StackNode? below, bool touched)
        {
            if (_a.HasCalls(state) && !(node == 0 && _ownBytesOnly))
            {
                General(node, [new StackNode(state, below)], touched);
                return;
            }
            if (_a.Final[state] && below is not null && below.State >= 0)
            {
                FinalOverFrame(node, state, below, touched);
                return;
            }
            bool mayReturn = _a.Final[state] && below is not null;
            bool childTouched = touched || mayReturn;
            int row = state * _a.ClassCount;
            if (node == 0 && !childTouched && cache.ClosedSetWalkOf(state) is { } set)
            {
                FromClosedSet(set, state, below);
                return;
            }
            if (node == 0 && !childTouched && cache.SharedWalk(state) is var (loop, loopState))
            {
                SharedBits = loop.AcceptedIdBits;
                foreach (int exit in loop.EntryExits) Child(exit, row, below, touched: false);
                foreach (int exit in loop.LoopExits) Child(exit, loopState * _a.ClassCount, below, touched: false);
                return;
            }
            // A state reading few bytes at a node with many children: look those up (a rejected child only matters
            // when it may be read after returning).
            if (!childTouched && _trie.DenseStart[node] is var dense && dense >= 0 && cache.FewBytes(state) is { } few)
            {
                foreach (byte b in few)
                    if (_trie.DenseChildren[dense + b] is var child && child >= 0) Child(child, row, below, touched: false);
                return;
            }
            for (int child = _trie.FirstChild[node]; child >= 0; child = _trie.NextSibling[child])
                Child(child, row, below, childTouched);
        }

        // A final state over known frames (a number inside an array): a child whose byte class the frames below
        // cannot read (after returning) has one stack, the top frame's step, and is read like any DFA child; only
        // the others need the general step.
        private void FinalOverFrame(int node, int state, StackNode below, bool touched)
        {
            _returnSteps ??= new Dictionary<StackNode, (bool[], bool)>();
            if (!_returnSteps.TryGetValue(below, out var known))
            {
                var classes = new bool[_a.ClassCount];
                _returnSteps[below] = known = (classes, Pushdown.ReadableClasses(below, classes));
            }
            var (returnClasses, returnUnknown) = known;
            bool childTouched = touched || returnUnknown;
            int row = state * _a.ClassCount;
            StackNode[]? stacks = null;
            for (int child = _trie.FirstChild[node]; child >= 0; child = _trie.NextSibling[child])
            {
                if (!returnClasses[_classOf[_label[child]]])
                {
                    Child(child, row, below, childTouched);
                    continue;
                }
                bool touchedHere = touched;
                var next = Pushdown.Advance(stacks ??= [new StackNode(state, below)], _label[child], ref touchedHere);
                Step(child, next, touchedHere);
            }
        }

        // The entry of a state in a closed set or counting run: the set's tokens, then each exit read in the state at its
        // parent (none past a run's end).
        private void FromClosedSet(ClosedSetWalk set, int state, StackNode? below)
        {
            SharedBits = set.AcceptedIdBits;
            var states = t_skeletonStates is { } buffer && buffer.Length >= set.SkeletonLabel.Length ? buffer : new int[set.SkeletonLabel.Length];
            t_skeletonStates = null;
            set.Step(state, _next, _classOf, _a.ClassCount, states);
            for (int i = 0; i < set.ExitNode.Length; i++)
            {
                int parent = set.ExitParent[i], at = parent < 0 ? state : states[parent];
                if (at >= 0) Child(set.ExitNode[i], at * _a.ClassCount, below, touched: false);
            }
            t_skeletonStates = states;
        }

        // One child of a node read in the state whose transition row starts at `row`.
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private void Child(int child, int row, StackNode? below, bool touched)
        {
            int cls = _classOf[_label[child]];
            int target = _next[row + cls];
            if (target < 0)
            {
                if (touched) AddUncertain(child, ParentAt(row / _a.ClassCount, below));
                return;
            }
            // Whether a string closed here repeats an earlier item, or an array can still be finished with distinct
            // strings, only the real stack knows.
            if (_items is { } items && (items.DependsOnItems[target] || cls == _quoteClass && items.Position[row / _a.ClassCount] == DistinctItemsLayout.Inside))
            {
                AddUncertain(child, -1);
                return;
            }
            // A state equivalent to a looping one is read as that one: below a key's first letters, past a string's
            // first characters, subtrees of the loop's bytes are then accepted whole.
            target = cache.LoopEquivalent(target);
            // Every byte below the child keeps the target state where it is: the whole subtree is accepted.
            if (_subtrees.Within(child, cache.LoopBytes(target)) || (_subtrees.Utf8Valid[child] & 1) != 0 && IsText(child, target))
            {
                AcceptSubtree(child);
                return;
            }
            Accept(child);
            if (_trie.FirstChild[child] >= 0) Dfa(child, target, below, touched);
        }

        // The subtree below `child` (well-formed UTF-8 from a character boundary) is text that `target` reads
        // whole: it loops on it, or counts characters for at least as many steps as the subtree is deep.
        private bool IsText(int child, int target) =>
            cache.LoopsOnText(target) && _subtrees.Within(child, cache.TextLoopBytes(target))
            || cache.TextRun(target) is var run && run > 0 && _subtrees.Height[child] <= run && _subtrees.Within(child, cache.TextStepBytes(target));

        private void General(int node, StackNode[] stacks, bool touched)
        {
            // Below a node with many children (the root, a space) the stacks step once per byte class, not per child.
            // Distinct-items frames step on the byte itself.
            var byClass = _trie.DenseStart[node] >= 0 && _items is null ? new (StackNode[] Next, bool Touched)?[_a.ClassCount] : null;
            for (int child = _trie.FirstChild[node]; child >= 0; child = _trie.NextSibling[child])
            {
                int cls = _classOf[_label[child]];
                if (byClass?[cls] is not var (next, stepTouched))
                {
                    stepTouched = false;
                    next = Pushdown.Advance(stacks, _label[child], ref stepTouched);
                    if (byClass is not null) byClass[cls] = (next, stepTouched);
                }
                Step(child, next, touched || stepTouched);
            }
        }

        // A child reached with `next` stacks (none: rejected, and uncertain when the step touched unknown context).
        private void Step(int child, StackNode[] next, bool touched)
        {
            if (next.Length == 0)
            {
                if (touched) AddUncertain(child, -1);
                return;
            }
            Accept(child);
            if (_trie.FirstChild[child] < 0) return;
            if (next.Length == 1) Dfa(child, next[0].State, next[0].Parent, touched);
            else General(child, next, touched);
        }

        // Where the real stack at a node's parent is known from the walk: `state` in the top frame (the frames below
        // untouched), or, after the top frame returned into the known frame below it, `state` in that frame (encoded
        // -2 - state; only where a frame rebuilt from its state alone is the real one: its rule counts nothing);
        // -1 otherwise.
        private int ParentAt(int state, StackNode? below) =>
            ReferenceEquals(below, _rootBelow) ? state
            : _rootBelow is { State: >= 0 } known && ReferenceEquals(below, known.Parent) && _a.HasPlainFrame(state) && !_a.CountedRule[_a.RuleOf(state)]
                ? -2 - state
            : -1;

        private void AddUncertain(int node, int parentState)
        {
            // A frame rebuilt from its state alone would not know its distinct items' strings.
            if (parentState >= 0 && _a.InDistinctItems(parentState)) parentState = -1;
            Uncertain.Add(node);
            UncertainParentStates.Add(parentState);
        }

        // Ranges set by one walk never overlap: a subtree accepted whole is not descended.
        private void AcceptSubtree(int node) => _positions.AddRange(_trie.TokenStart[node], _subtrees.SubtreeEnd[node]);

        private void Accept(int node) => _positions.AddRange(_trie.TokenStart[node], _trie.TokenEnd[node]);

        public int CountAccepted() => _positions.Count;

        // The accepted ids (count of them, from CountAccepted), in trie order.
        public int[] ToIds(int count)
        {
            var ids = new int[count];
            _positions.CopyIds(_trie.Ids, ids);
            return ids;
        }

        // The accepted ids as a bitmask.
        public uint[] ToIdBits(int maskWords) => _positions.ToIdBits(_trie.Ids, _subtrees.TextBits, maskWords);

        public void Release()
        {
            _positions.Clear();
            t_positions = _positions;
            if (_step is not null) Volatile.Write(ref cache._idleStep, _step);
        }

        private static TriePositionSet TakePositions(int positions)
        {
            var set = t_positions;
            t_positions = null;
            return set?.Capacity == positions ? set : new TriePositionSet(positions);
        }
    }
}

/// <summary>One state's cache entry: the accepted tokens as a bitmask (null: none) plus ids (most entries accept a
/// few tokens and keep ids only; one that started from a shared walk refers to that walk's bitmask, see
/// <paramref name="SharesBits"/>), the trie nodes whose subtrees must be checked against the real stack, and per such
/// node the state at its parent: in the top frame (&gt;= 0), in the frame below it (-2 - state), or unknown (-1: read
/// the node's whole prefix from the real stack).</summary>
internal sealed record StateTokenMask(uint[]? AcceptedBits, int[] AcceptedIds, int[] UncertainNodes, int[] UncertainParentStates, bool SharesBits)
{
    public long MemoryBytes => 48 + 4L * ((SharesBits ? 0 : AcceptedBits?.Length ?? 0) + AcceptedIds.Length + 2 * UncertainNodes.Length);
}
