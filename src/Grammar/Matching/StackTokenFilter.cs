using LlmLang.Grammar.Automata;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// Sets the mask bits of every token one real parser stack allows: the cached context-independent tokens of its top
/// state, plus the context-dependent subtrees walked against the whole stack.
/// </summary>
internal sealed class StackTokenFilter
{
    private readonly TokenMaskCache _cache;
    private readonly TokenTrie _trie;
    private readonly Vocabulary.TokenVocabulary _vocabulary;
    private readonly PushdownStep _step;
    private readonly PushdownAutomaton _automaton;
    // One stack's own tokens near a counted text's limit, before they join the mask (other stacks may allow more).
    private uint[]? _nearLimit;
    private StringTokenLengths? _stringLengths;

    public StackTokenFilter(TokenMaskCache cache, TokenTrie trie, Vocabulary.TokenVocabulary vocabulary, PushdownAutomaton automaton, int maxStacks)
    {
        _cache = cache;
        _trie = trie;
        _vocabulary = vocabulary;
        _step = new PushdownStep(automaton, maxStacks);
        _automaton = automaton;
    }

    /// <summary>ORs the tokens <paramref name="stack"/> allows into <paramref name="mask"/>; <paramref name="addCached"/>
    /// false skips the cached part (already added for another stack with the same top state).</summary>
    public void AddAllowed(StackNode stack, Span<uint> mask, bool addCached)
    {
        var entry = _cache.Get(stack.State);
        // Cache entries ignore a counted text's limit: within a token's length of it, the long tokens are checked. A
        // stack in a counted text always adds its own part (another stack with its top state may have been pruned).
        int limit = _automaton.TextLimit[stack.State], left = limit - stack.Count;
        bool nearLimit = limit > 0 && left < _trie.MaxTokenLength;
        if (nearLimit) AddNearLimit(stack, entry, mask, left);
        else if (addCached || limit > 0) AddCached(entry, mask);
        StackNode[] root = [stack];
        for (int i = 0; i < entry.UncertainNodes.Length; i++)
        {
            int node = entry.UncertainNodes[i], parentState = entry.UncertainParentStates[i];
            // From the parent's known frame (the top one, or the one below it once the top returned) one byte is read;
            // otherwise the node's whole prefix from the top. (A frame rebuilt at the parent counts its text from zero:
            // exact only far from the limit.)
            bool touched = false;
            var stacks = parentState >= 0 && !nearLimit
                ? _step.Advance([new StackNode(parentState, stack.Parent)], _trie.Label[node], ref touched)
                : parentState <= -2 && !nearLimit && stack.Parent is { } below
                ? _step.Advance([new StackNode(-2 - parentState, below.Parent)], _trie.Label[node], ref touched)
                : _step.Advance(root, _vocabulary.GetBytes(_trie.Ids[_trie.TokenStart[node]])[.._trie.Depth[node]]);
            if (stacks.Length == 0) continue;
            SetTokens(node, mask);
            Walk(node, stacks, mask);
        }
    }

    private static void AddCached(StateTokenMask entry, Span<uint> mask)
    {
        if (entry.AcceptedBits is { } bits) Or(mask, bits);
        foreach (int id in entry.AcceptedIds) mask[id >> 5] |= 1u << (id & 31);
    }

    // The cached tokens, less those the real stack refuses for the counts left: the ones that add more characters
    // inside the string, refused by one bitmask (stepping each of thousands of long tokens took milliseconds a mask),
    // and among those that may leave it, longer in bytes than the counts left, each that the real stack refuses.
    private void AddNearLimit(StackNode stack, StateTokenMask entry, Span<uint> mask, int left)
    {
        var own = _nearLimit ??= new uint[mask.Length];
        own.AsSpan().Clear();
        AddCached(entry, own);
        var lengths = _stringLengths ??= StringTokenLengths.Of(_trie, _vocabulary);
        var longer = lengths.InsideLongerThan(left);
        for (int w = 0; w < own.Length; w++) own[w] &= ~longer[w];
        StackNode[] root = [stack];
        foreach (var (id, length, before) in lengths.OthersLongestFirst)
        {
            if (length <= left) break;
            if ((own[id >> 5] & (1u << (id & 31))) != 0 && (before > left || _step.Advance(root, _vocabulary.GetBytes(id)).Length == 0))
                own[id >> 5] &= ~(1u << (id & 31));
        }
        Or(mask, own);
    }

    private void Walk(int node, StackNode[] stacks, Span<uint> mask)
    {
        for (int child = _trie.FirstChild[node]; child >= 0; child = _trie.NextSibling[child])
        {
            bool touched = false;
            var next = _step.Advance(stacks, _trie.Label[child], ref touched);
            if (next.Length == 0) continue;
            SetTokens(child, mask);
            if (_trie.FirstChild[child] >= 0) Walk(child, next, mask);
        }
    }

    private void SetTokens(int node, Span<uint> mask)
    {
        for (int i = _trie.TokenStart[node]; i < _trie.TokenEnd[node]; i++)
        {
            int id = _trie.Ids[i];
            mask[id >> 5] |= 1u << (id & 31);
        }
    }

    // Vectorised: a context-independent entry is a whole vocabulary-wide bitmask in the common case.
    private static void Or(Span<uint> mask, uint[] bits)
    {
        var target = System.Runtime.InteropServices.MemoryMarshal.Cast<uint, System.Numerics.Vector<uint>>(mask[..bits.Length]);
        var source = System.Runtime.InteropServices.MemoryMarshal.Cast<uint, System.Numerics.Vector<uint>>(bits);
        for (int i = 0; i < source.Length; i++) target[i] |= source[i];
        for (int w = source.Length * System.Numerics.Vector<uint>.Count; w < bits.Length; w++) mask[w] |= bits[w];
    }
}
