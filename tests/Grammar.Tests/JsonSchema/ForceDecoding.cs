using LlmLang.Grammar.Benchmark;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.JsonSchema;
using LlmLang.TestSupport;

namespace LlmLang.Grammar.Tests.JsonSchema;

/// <summary>
/// The conformance suites' acceptance decision, as in the XGrammar peer's protocol: a schema's grammar is compiled for
/// the cl100k vocabulary, and an instance is accepted when its compact text force-decodes through the matcher (at
/// each step the longest allowed token that matches the remaining bytes; EOS allowed at the end).
/// </summary>
public static class ForceDecoding
{
    // Outcomes must not depend on the machine's speed: a generous time limit leaves the size limits to decide (a
    // schema near the default 10 s limit flapped between MaxDfaStates and Timeout under load), and mask entries are
    // computed as decoding reaches them (the same masks; filling the cache up front only moves the work).
    private static readonly CompileLimits Limits = CompileLimits.Default with { Timeout = TimeSpan.FromMinutes(2), MaskPrecomputeBudget = TimeSpan.Zero };

    private static readonly Lazy<BenchmarkVocabulary> Cl100k = new(() => BenchmarkVocabulary.Load(SharedFixtures.Require("peers/xgrammar/vocab/cl100k.b64")));

    /// <summary>Compiles <paramref name="schema"/> for cl100k and returns the decision for one compact text.</summary>
    /// <exception cref="GrammarException">The automaton exceeds a compile limit.</exception>
    public static Func<string, bool> Compile(JsonSchemaCompilation schema)
    {
        var vocabulary = Cl100k.Value;
        var grammar = GrammarCompiler.Compile(schema.Grammar, vocabulary.Tokens, Limits);
        return text => SchemaBenchmark.Decode(grammar, vocabulary, text, new uint[grammar.MaskWords], null).Error is null;
    }
}
