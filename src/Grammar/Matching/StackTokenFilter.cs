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

    public StackTokenFilter(TokenMaskCache cache, TokenTrie trie, Vocabulary.TokenVocabulary vocabulary, PushdownAutomaton automaton, int maxStacks)
    {
        _cache = cache;
        _trie = trie;
        _vocabulary = vocabulary;
        _step = new PushdownStep(automaton, maxStacks);
    }

    /// <summary>ORs the tokens <paramref name="stack"/> allows into <paramref name="mask"/>; <paramref name="addCached"/>
    /// false skips the cached part (already added for another stack with the same top state).</summary>
    public void AddAllowed(StackNode stack, Span<uint> mask, bool addCached)
    {
        var entry = _cache.Get(stack.State);
        if (addCached)
        {
            if (entry.AcceptedBits is { } bits) Or(mask, bits);
            foreach (int id in entry.AcceptedIds) mask[id >> 5] |= 1u << (id & 31);
        }
        StackNode[] root = [stack];
        for (int i = 0; i < entry.UncertainNodes.Length; i++)
        {
            int node = entry.UncertainNodes[i], parentState = entry.UncertainParentStates[i];
            // From the parent's known top frame one byte is read; otherwise the node's whole prefix from the top.
            bool touched = false;
            var stacks = parentState >= 0
                ? _step.Advance([new StackNode(parentState, stack.Parent)], _trie.Label[node], ref touched)
                : _step.Advance(root, _vocabulary.GetBytes(_trie.Ids[_trie.TokenStart[node]])[.._trie.Depth[node]]);
            if (stacks.Length == 0) continue;
            SetTokens(node, mask);
            Walk(node, stacks, mask);
        }
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
