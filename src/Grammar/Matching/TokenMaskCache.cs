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
    private long _memoryBytes;

    public TokenMaskCache(PushdownAutomaton automaton, TokenTrie trie, int maskWords, int maxStacks)
    {
        _automaton = automaton;
        _trie = trie;
        _maskWords = maskWords;
        _maxStacks = maxStacks;
        _entries = new StateTokenMask?[automaton.StateCount];
    }

    /// <summary>Bytes held by the entries computed so far.</summary>
    public long MemoryBytes => Interlocked.Read(ref _memoryBytes) + 8L * _entries.Length;

    public StateTokenMask Get(int state)
    {
        var entry = Volatile.Read(ref _entries[state]);
        if (entry is not null) return entry;
        entry = Compute(state);
        if (Interlocked.CompareExchange(ref _entries[state], entry, null) is { } raced) return raced;
        Interlocked.Add(ref _memoryBytes, entry.MemoryBytes);
        return entry;
    }

    /// <summary>Computes every state's entry now (otherwise each is computed on first use).</summary>
    public void ComputeAll()
    {
        for (int s = 0; s < _entries.Length; s++) Get(s);
    }

    private StateTokenMask Compute(int state)
    {
        var step = new PushdownStep(_automaton, _maxStacks);
        var accepted = new List<int>();
        var uncertain = new List<int>();
        Walk(step, 0, [new StackNode(state, StackNode.Unknown)], false, accepted, uncertain);
        return accepted.Count < _maskWords
            ? new StateTokenMask(null, accepted.ToArray(), uncertain.ToArray())
            : new StateTokenMask(ToBits(accepted), null, uncertain.ToArray());
    }

    private void Walk(PushdownStep step, int node, StackNode[] stacks, bool touched, List<int> accepted, List<int> uncertain)
    {
        for (int child = _trie.FirstChild[node]; child >= 0; child = _trie.NextSibling[child])
        {
            bool touchedHere = touched;
            var next = step.Advance(stacks, _trie.Label[child], ref touchedHere);
            if (next.Length == 0)
            {
                if (touchedHere) uncertain.Add(child);
                continue;
            }
            for (int i = _trie.TokenStart[child]; i < _trie.TokenEnd[child]; i++) accepted.Add(_trie.Ids[i]);
            if (_trie.FirstChild[child] >= 0) Walk(step, child, next, touchedHere, accepted, uncertain);
        }
    }

    private uint[] ToBits(List<int> ids)
    {
        var bits = new uint[_maskWords];
        foreach (int id in ids) bits[id >> 5] |= 1u << (id & 31);
        return bits;
    }
}

/// <summary>One state's cache entry: accepted tokens as ids or as a bitmask (whichever is smaller), and the trie nodes
/// whose subtrees must be checked against the real stack.</summary>
internal sealed record StateTokenMask(uint[]? AcceptedBits, int[]? AcceptedIds, int[] UncertainNodes)
{
    public long MemoryBytes => 48 + 4L * ((AcceptedBits?.Length ?? 0) + (AcceptedIds?.Length ?? 0) + UncertainNodes.Length);
}
