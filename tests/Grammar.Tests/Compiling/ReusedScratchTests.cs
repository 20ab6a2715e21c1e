using System.Diagnostics;
using LlmLang.Grammar.Automata;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.Ir;
using Xunit;

namespace LlmLang.Grammar.Tests.Compiling;

/// <summary>
/// Lowering keeps its NFA per thread once determinization releases it: a build on a thread that has built other
/// grammars, or failed half-way through one, must give exactly the automaton a fresh thread gives.
/// </summary>
public class ReusedScratchTests
{
    private const string Greeting = """
        root ::= greeting ( ", " name ){1,2} "!"?
        greeting ::= "hi" | "hello" | "hey" ws "there"
        name ::= [A-Z] [a-z-]* | [0-9]+
        ws ::= [ \t]*
        """;

    private static PushdownAutomaton Build(GrammarDefinition grammar, CompileLimits limits)
    {
        var (nfa, rules, fragments) = NfaLowering.Lower(grammar, limits.MaxNfaStates);
        return Determinizer.Build(nfa, rules, fragments, limits, Stopwatch.StartNew(), grammar.DistinctItemRules);
    }

    private static PushdownAutomaton BuildOnFreshThread(GrammarDefinition grammar)
    {
        PushdownAutomaton? automaton = null;
        var thread = new Thread(() => automaton = Build(grammar, CompileLimits.Default));
        thread.Start();
        thread.Join();
        return automaton!;
    }

    private static void AssertSame(PushdownAutomaton expected, PushdownAutomaton actual)
    {
        Assert.Equal(expected.ClassOf, actual.ClassOf);
        Assert.Equal(expected.Next, actual.Next);
        Assert.Equal(expected.Final, actual.Final);
        Assert.Equal(expected.RuleStart, actual.RuleStart);
        Assert.Equal(expected.CallStart, actual.CallStart);
        Assert.Equal(expected.CallRule, actual.CallRule);
        Assert.Equal(expected.CallTarget, actual.CallTarget);
    }

    [Fact]
    public void BuildsAfterOthersAndAfterAFailedOneEqualFreshBuilds()
    {
        var json = GbnfGrammar.Parse(GbnfGrammar.Json);
        var greeting = GbnfGrammar.Parse(Greeting);
        var freshJson = BuildOnFreshThread(json);
        var freshGreeting = BuildOnFreshThread(greeting);

        AssertSame(freshJson, Build(json, CompileLimits.Default));
        var tooSmall = CompileLimits.Default with { MaxDfaStates = freshJson.StateCount / 2 };
        Assert.Throws<GrammarException>(() => Build(json, tooSmall));
        AssertSame(freshGreeting, Build(greeting, CompileLimits.Default));
        AssertSame(freshJson, Build(json, CompileLimits.Default));
        AssertSame(freshGreeting, Build(greeting, CompileLimits.Default));
    }
}
