using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using LlmLang.Grammar.Automata;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.Matching;
using LlmLang.Grammar.Vocabulary;

namespace LlmLang.Grammar.Compilation;

/// <summary>
/// Compiles a <see cref="GrammarDefinition"/> (from any front end) for a vocabulary. Results are cached per grammar
/// instance, limits and vocabulary fingerprint, so requests that reuse a definition (front ends cache theirs by source
/// text and options) share one <see cref="CompiledGrammar"/>; the entry lives as long as the definition does.
/// Safe to call from any thread (compilation can run off the model thread).
/// </summary>
public static class GrammarCompiler
{
    // By identity: structural hashing of IR that shares subtrees can cost far more than the tree looks.
    private static readonly ConditionalWeakTable<GrammarDefinition, ConcurrentDictionary<(CompileLimits, long), Lazy<CompiledGrammar>>> Cache = new();

    /// <summary>Compiles (or returns the cached compilation of) <paramref name="grammar"/> over <paramref name="vocabulary"/>.</summary>
    /// <exception cref="GrammarException">An undefined rule, a grammar that accepts nothing, left recursion, or a
    /// size or time limit exceeded (the message says which).</exception>
    public static CompiledGrammar Compile(GrammarDefinition grammar, TokenVocabulary vocabulary, CompileLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        ArgumentNullException.ThrowIfNull(vocabulary);
        limits ??= CompileLimits.Default;
        var perGrammar = Cache.GetValue(grammar, _ => new());
        var key = (limits, vocabulary.Fingerprint);
        var lazy = perGrammar.GetOrAdd(key, _ => new Lazy<CompiledGrammar>(() => CompileUncached(grammar, vocabulary, limits)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            perGrammar.TryRemove(key, out _);
            throw;
        }
    }

    private static CompiledGrammar CompileUncached(GrammarDefinition grammar, TokenVocabulary vocabulary, CompileLimits limits)
    {
        var clock = Stopwatch.StartNew();
        // Counted repetitions count their last few repetitions in states: more than the longest token can read.
        int countedTail = TrieSubtrees.Of(CompiledGrammar.TrieOf(vocabulary)).Height[0] + 1;
        PushdownAutomaton Build(int tail)
        {
            var (nfa, rules, fragments) = NfaLowering.Lower(grammar, limits.MaxNfaStates, tail);
            return Determinizer.Build(nfa, rules, fragments, limits, clock, grammar.DistinctItemRules);
        }
        PushdownAutomaton automaton;
        try
        {
            automaton = Build(countedTail);
        }
        catch (Determinizer.CountedRepetitionAmbiguity)
        {
            automaton = Build(0); // repetitions expanded
        }
        // As XGrammar does, the token-mask cache is filled now, off the decode loop, so masks cost only their
        // context-dependent checks; but only within the precompute budget, as a request waits for its grammar: the
        // largest automata (tens of thousands of states, of which a text visits a few hundred) took up to seconds.
        // What is left is computed on first use; equivalent states are grouped only when some entries are computed now.
        // The budget counts from the front end's start (a schema's translation included).
        var left = limits.EffectiveMaskPrecomputeBudget - grammar.BuildTime - clock.Elapsed;
        var compiled = new CompiledGrammar(automaton, vocabulary, limits, groupEquivalentStates: left > TimeSpan.Zero);
        if (left > TimeSpan.Zero) compiled.MaskCache.ComputeAll(left);
        return compiled;
    }
}
