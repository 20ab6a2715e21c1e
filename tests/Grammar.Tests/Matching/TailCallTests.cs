using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.Matching;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// A call whose return state can only return (a rule ending in a call: <c>list ::= item ("," list)?</c>) pushes no
/// frame of its own, and a frame that reaches such a state gives way to the frame below, so right recursion and
/// chains of rules keep parser stacks flat while accepting exactly the same texts.
/// </summary>
public class TailCallTests
{
    private static readonly TokenVocabulary Vocabulary = SmallVocabulary.Create();

    [Fact]
    public void RightRecursionKeepsTheStackFlat()
    {
        var grammar = GrammarCompiler.Compile(GbnfGrammar.Parse("""
            root ::= "[" list "]"
            list ::= item ("," list)?
            item ::= "a" | "b" "b"
            """), Vocabulary);
        var step = new PushdownStep(grammar.Automaton, grammar.Limits.MaxLiveStacks);
        StackNode[] stacks = [new StackNode(grammar.Automaton.RuleStart[0], null)];
        stacks = step.Advance(stacks, Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("a,bb", 500)) + ",a"));
        Assert.NotEmpty(stacks);
        Assert.All(stacks, stack => Assert.True(Depth(stack) <= 3, $"stack depth {Depth(stack)} after 1,001 items"));

        var matcher = grammar.CreateMatcher();
        Assert.True(matcher.AcceptBytes(Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("bb,a", 300)) + "]")));
        Assert.True(matcher.IsFinished);
        var unclosed = grammar.CreateMatcher();
        Assert.True(unclosed.AcceptBytes(Encoding.UTF8.GetBytes("[a,bb")));
        Assert.False(unclosed.CanTerminate);
        Assert.False(unclosed.AcceptBytes(Encoding.UTF8.GetBytes(",]")));
    }

    private static int Depth(StackNode stack)
    {
        int depth = 0;
        for (var node = stack; node is not null; node = node.Parent) depth++;
        return depth;
    }
}
