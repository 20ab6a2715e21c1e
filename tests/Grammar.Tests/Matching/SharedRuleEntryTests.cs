using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// A recursive rule that calls only itself (the generic JSON value of an untyped property) has the same cache entries
/// in every grammar of a vocabulary that holds the same rule: the second grammar takes them from the first, placed at
/// its own state numbers, and its masks still equal a brute-force check of every token. A rule that differs in any
/// transition is not matched to it.
/// </summary>
public sealed class SharedRuleEntryTests
{
    [Fact]
    public void A_second_grammar_takes_the_generic_values_entries_from_the_first()
    {
        var vocabulary = CreateVocabulary("shared-rule-json");
        var first = GrammarCompiler.Compile(JsonSchemaCompiler.Compile("""{"type":"object","properties":{"a":{}},"required":["a"]}""").Grammar, vocabulary);
        // More before the untyped property: its rule starts at another state.
        const string schema = """{"type":"object","properties":{"x":{"type":"string","maxLength":3},"y":{"type":"integer"},"a":{}},"required":["x","a"]}""";
        var second = GrammarCompiler.Compile(JsonSchemaCompiler.Compile(schema).Grammar, vocabulary, new CompileLimits(MaskPrecomputeBudget: TimeSpan.Zero));
        int firstStart = RuleStart(first, "json_value"), secondStart = RuleStart(second, "json_value");
        Assert.NotEqual(firstStart, secondStart);

        int shared = 0, placed = 0;
        for (int i = 0; i < RuleStates(second, "json_value"); i++)
        {
            var mine = second.MaskCache.Get(secondStart + i);
            var theirs = first.MaskCache.Get(firstStart + i);
            // The first grammar groups equivalent states (its cache was filled while compiling), the second does not:
            // a state the first grammar grouped with another has an entry of its own here.
            if (mine.AcceptedIds.Length == 0 || !ReferenceEquals(mine.AcceptedIds, theirs.AcceptedIds)) continue;
            shared++;
            if (mine.UncertainParentStates.Any(p => p >= 0))
            {
                placed++;
                Assert.Equal(theirs.UncertainParentStates.Select(p => p >= 0 ? p - firstStart + secondStart : p), mine.UncertainParentStates);
            }
        }
        Assert.True(shared > 10, $"only {shared} entries shared");
        Assert.True(placed > 0, "no shared entry has parent states to place");

        MatcherDifferentialTests.ForceDecode(second, """{"x":"ab","y":-12,"a":{"k":[1,"s",{"t":null}],"u":true}}""", schema);
        MatcherDifferentialTests.ForceDecode(second, """{"x":"","a":[[],{},"é"]}""", schema);
    }

    [Fact]
    public void Rules_that_differ_in_one_byte_keep_their_own_entries()
    {
        var vocabulary = CreateVocabulary("shared-rule-gbnf");
        var first = GrammarCompiler.Compile(GbnfGrammar.Parse("root ::= \"[\" v \"]\"\nv ::= \"a\" v | \"b\" | \"[\" v \"]\""), vocabulary);
        var second = GrammarCompiler.Compile(GbnfGrammar.Parse("root ::= \"[\" v \"]\"\nv ::= \"a\" v | \"c\" | \"[\" v \"]\""), vocabulary);
        first.Precompute();
        MatcherDifferentialTests.ForceDecode(second, "[a[aac]]", "v ends in c");
        var matcher = second.CreateMatcher();
        Assert.False(matcher.AcceptBytes(Encoding.UTF8.GetBytes("[aab")));
    }

    private static int RuleStart(CompiledGrammar grammar, string rule) =>
        grammar.Automaton.RuleStart[Array.IndexOf(grammar.Automaton.RuleNames, rule)];

    private static int RuleStates(CompiledGrammar grammar, string rule)
    {
        int index = Array.IndexOf(grammar.Automaton.RuleNames, rule);
        return (index + 1 < grammar.Automaton.RuleStart.Length ? grammar.Automaton.RuleStart[index + 1] : grammar.AutomatonStates) - grammar.Automaton.RuleStart[index];
    }

    // Bytes plus JSON pieces that cross structure (a value's end and the next key), so entries hold uncertain nodes.
    private static TokenVocabulary CreateVocabulary(string name) => SmallVocabulary.OfBytesAnd(name,
        new[] { "\":", "\":{", "\":[", "],", "},", "}]", "]]", "\",\"", "\"}", "null", "true", "1,", "[1", "{\"", "aa", "ab]", "c]]", "é" }
            .Select(Encoding.UTF8.GetBytes));
}
