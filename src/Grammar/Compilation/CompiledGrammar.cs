using System.Runtime.CompilerServices;
using LlmLang.Grammar.Automata;
using LlmLang.Grammar.Matching;
using LlmLang.Grammar.Vocabulary;

namespace LlmLang.Grammar.Compilation;

/// <summary>
/// A grammar compiled for one vocabulary: immutable from the outside, thread-safe, shared by every request that uses
/// it. Each automaton state's token-mask cache entry (context-independent tokens plus the trie subtrees to check
/// against the real stack) is computed during compilation, within <see cref="CompileLimits.MaskPrecomputeBudget"/>
/// (states that provably accept the same tokens share one entry); entries the budget left undone (and those of long
/// counted repetitions' last characters) are computed on first use, or by <see cref="Precompute"/>.
/// </summary>
public sealed class CompiledGrammar
{
    private static readonly ConditionalWeakTable<TokenVocabulary, TokenTrie> Tries = new();

    internal CompiledGrammar(PushdownAutomaton automaton, TokenVocabulary vocabulary, CompileLimits limits, bool groupEquivalentStates)
    {
        Automaton = automaton;
        Vocabulary = vocabulary;
        Limits = limits;
        Trie = TrieOf(vocabulary);
        MaskCache = new TokenMaskCache(automaton, Trie, vocabulary.MaskWords, limits.MaxLiveStacks, groupEquivalentStates);
        // Masks near a counted text's limit read the tokens' lengths inside strings: built now, once per vocabulary.
        if (automaton.TextLimit.Any(limit => limit > 0)) StringTokenLengths.Of(Trie, vocabulary);
    }

    /// <summary>The vocabulary the masks are over.</summary>
    public TokenVocabulary Vocabulary { get; }

    /// <summary>The limits it was compiled with.</summary>
    public CompileLimits Limits { get; }

    /// <summary>Number of <c>uint</c> words of one mask row (<see cref="TokenVocabulary.MaskWords"/>).</summary>
    public int MaskWords => Vocabulary.MaskWords;

    /// <summary>Number of automaton states (all rules together).</summary>
    public int AutomatonStates => Automaton.StateCount;

    /// <summary>Memory held now by the automaton and the mask cache entries computed so far, in bytes (the token trie,
    /// shared by every grammar of the vocabulary, is not counted).</summary>
    public long MemoryBytes => Automaton.MemoryBytes + MaskCache.MemoryBytes;

    internal PushdownAutomaton Automaton { get; }

    internal TokenTrie Trie { get; }

    internal TokenMaskCache MaskCache { get; }

    /// <summary>The token trie of a vocabulary, built once and shared by every grammar compiled for it.</summary>
    internal static TokenTrie TrieOf(TokenVocabulary vocabulary) => Tries.GetValue(vocabulary, v => new TokenTrie(v));

    /// <summary>A new matcher at the start of the grammar.</summary>
    public GrammarMatcher CreateMatcher() => new(this);

    /// <summary>Computes every mask cache entry that compilation left undone (when it ran out of time, and the tails of
    /// long counted repetitions, which few texts reach), so later masks cost only the context-dependent checks.</summary>
    public void Precompute() => MaskCache.ComputeAll(tails: true);
}
