using System.Text;
using LlmLang.Grammar.Choices;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Matching;
using LlmLang.Grammar.RegularExpressions;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>The matcher's surface: forced continuations, refusals, rollback bounds, errors and pathological grammars.</summary>
public class MatcherBehaviourTests
{
    private static readonly TokenVocabulary Vocabulary = SmallVocabulary.Create();

    private static CompiledGrammar Compile(GrammarDefinition grammar) => GrammarCompiler.Compile(grammar, Vocabulary);

    private static CompiledGrammar Regex(string pattern) => Compile(GrammarDefinition.FromExpr(RegexGrammar.Parse(pattern)));

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void JumpForwardReturnsForcedBytesWithoutAcceptingThem()
    {
        var matcher = Regex("\\[a\\[é[ab]+\\]").CreateMatcher();
        Assert.Equal(Utf8("[a[é"), matcher.JumpForward());
        Assert.Equal(0, matcher.StepCount);
        Assert.True(matcher.AcceptBytes(Utf8("[a[éa")));
        Assert.Empty(matcher.JumpForward());
        var choice = Compile(GrammarDefinition.FromExpr(ChoiceGrammar.Build(["yes", "no"]))).CreateMatcher();
        Assert.True(choice.AcceptBytes(Utf8("y")));
        Assert.Equal(Utf8("es"), choice.JumpForward());
        Assert.True(choice.AcceptBytes(Utf8("es")));
        Assert.True(choice.IsFinished);
        Assert.Empty(choice.JumpForward());
    }

    [Fact]
    public void RefusedTokensLeaveTheStateUnchanged()
    {
        var grammar = Regex("ab|aé");
        var matcher = grammar.CreateMatcher();
        var before = new uint[grammar.MaskWords];
        var after = new uint[grammar.MaskWords];
        matcher.FillNextTokenMask(before);
        Assert.False(matcher.AcceptBytes(Utf8("b")));
        Assert.False(matcher.Accept(SmallVocabulary.Control));
        Assert.False(matcher.Accept(SmallVocabulary.Empty));
        Assert.False(matcher.Accept(SmallVocabulary.Eos));
        Assert.False(matcher.Accept(-1));
        Assert.False(matcher.Accept(Vocabulary.Count));
        matcher.FillNextTokenMask(after);
        Assert.Equal(before, after);
        Assert.Equal(0, matcher.StepCount);
        Assert.False(MatcherDifferentialTests.IsSet(after, SmallVocabulary.Control));
        Assert.False(MatcherDifferentialTests.IsSet(after, SmallVocabulary.Eos));
        // The first byte of 'é' alone is allowed: tokens may end inside a character.
        Assert.True(matcher.AcceptBytes(Utf8("aé").AsSpan(0, 2)));
        Assert.False(matcher.CanTerminate);
        Assert.True(matcher.AcceptBytes(Utf8("aé").AsSpan(2)));
        Assert.True(matcher.IsFinished);
    }

    [Fact]
    public void RollbackResetAndMaskSizeAreChecked()
    {
        var grammar = Regex("a+");
        var matcher = grammar.CreateMatcher();
        Assert.True(matcher.AcceptBytes(Utf8("aa")));
        Assert.Throws<ArgumentOutOfRangeException>(() => matcher.Rollback(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => matcher.Rollback(-1));
        Assert.Throws<ArgumentException>(() => matcher.FillNextTokenMask(new uint[grammar.MaskWords - 1]));
        Assert.True(matcher.CanTerminate);
        Assert.False(matcher.IsFinished);
        Assert.True(matcher.Accept(SmallVocabulary.Eos));
        Assert.True(matcher.IsFinished);
        Assert.False(matcher.AcceptBytes(Utf8("a")));
        matcher.Rollback(1);
        Assert.False(matcher.IsFinished);
        matcher.Reset();
        Assert.Equal(0, matcher.StepCount);
        Assert.False(matcher.CanTerminate);
    }

    [Fact]
    public void CompilationsAreSharedPerDefinitionAndVocabulary()
    {
        var definition = GrammarDefinition.FromExpr(RegexGrammar.Parse("[ab]{2,5}"));
        Assert.Same(Compile(definition), Compile(definition));
        Assert.NotSame(Compile(definition), GrammarCompiler.Compile(definition, Vocabulary, new CompileLimits(MaxLiveStacks: 10)));
        Assert.True(Compile(definition).MemoryBytes > 0);
    }

    [Fact]
    public void ThePrecomputeBudgetDecidesWhatCompilingFillsAndMasksAreTheSame()
    {
        var definition = GrammarDefinition.FromExpr(RegexGrammar.Parse("(ab|cd)[0-9]{1,3}x"));
        var lazy = GrammarCompiler.Compile(definition, Vocabulary, new CompileLimits(MaskPrecomputeBudget: TimeSpan.Zero));
        var eager = GrammarCompiler.Compile(definition, Vocabulary, new CompileLimits(MaskPrecomputeBudget: TimeSpan.MaxValue));
        long lazyBefore = lazy.MemoryBytes, eagerBefore = eager.MemoryBytes;
        Assert.True(eagerBefore > lazyBefore, $"eager {eagerBefore} B, lazy {lazyBefore} B");
        var (first, second) = (lazy.CreateMatcher(), eager.CreateMatcher());
        var (lazyMask, eagerMask) = (new uint[Vocabulary.MaskWords], new uint[Vocabulary.MaskWords]);
        foreach (char c in "cd42x")
        {
            first.FillNextTokenMask(lazyMask);
            second.FillNextTokenMask(eagerMask);
            Assert.Equal(eagerMask, lazyMask);
            Assert.True(first.AcceptBytes([(byte)c]) && second.AcceptBytes([(byte)c]));
        }
        Assert.True(lazy.MemoryBytes > lazyBefore, "the lazy grammar's masks filled no entry");
        Assert.Equal(eagerBefore, eager.MemoryBytes);

        // The budget counts the front end's time too: a definition that took longer to build than the budget leaves
        // every entry to first use.
        var late = GrammarCompiler.Compile(definition with { BuildTime = TimeSpan.FromSeconds(1) }, Vocabulary);
        Assert.Equal(lazyBefore, late.MemoryBytes);
        Assert.True(JsonSchemaCompiler.Compile("""{"type":"integer"}""").Grammar.BuildTime > TimeSpan.Zero);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("unreachable")]
    public void GrammarsThatAcceptNothingAreRefused(string kind)
    {
        var rules = kind == "empty"
            ? new Dictionary<string, GrammarExpr> { ["root"] = new ChoiceExpr([]) }
            : new Dictionary<string, GrammarExpr> { ["root"] = new SequenceExpr([LiteralExpr.Text("a"), new RuleRefExpr("loop")]), ["loop"] = new SequenceExpr([LiteralExpr.Text("b"), new RuleRefExpr("loop")]) };
        var e = Assert.Throws<GrammarException>(() => Compile(new GrammarDefinition(rules, "root")));
        Assert.Contains("accepts nothing", e.Message);
    }

    [Fact]
    public void LeftRecursionAndUndefinedRulesAreNamed()
    {
        var left = Assert.Throws<GrammarException>(() => Compile(GbnfGrammar.Parse("root ::= list\nlist ::= list \"a\" | \"a\"")));
        Assert.Contains("'list' is left-recursive", left.Message);
        var undefined = Assert.Throws<GrammarException>(() => Compile(new GrammarDefinition(
            new Dictionary<string, GrammarExpr> { ["root"] = new RuleRefExpr("nowhere") }, "root")));
        Assert.Contains("nowhere", undefined.Message);
    }

    [Fact]
    public void OversizedGrammarsHitTheSizeLimit()
    {
        // An item with a repetition inside is expanded, not counted (see CountedRepetitionTests).
        var item = new SequenceExpr([LiteralExpr.Text("a"), new RepeatExpr(LiteralExpr.Text("bc"), 0, 2)]);
        var huge = GrammarDefinition.FromExpr(new RepeatExpr(item, 0, 1_000_000));
        var e = Assert.Throws<GrammarException>(() => Compile(huge));
        Assert.Contains("MaxNfaStates", e.Message);
    }

    [Fact]
    public void CompilationsOverTheirTimeLimitAreRefused()
    {
        var words = Enumerable.Range(0, 5_000).Select(i => $"word{i}").ToList();
        var definition = GrammarDefinition.FromExpr(ChoiceGrammar.Build(words));
        var e = Assert.Throws<GrammarException>(() =>
            GrammarCompiler.Compile(definition, Vocabulary, new CompileLimits(Timeout: TimeSpan.FromTicks(1))));
        Assert.Contains("time limit", e.Message);
    }

    [Fact]
    public void CopiesAreIndependent()
    {
        var original = Regex("ab*c").CreateMatcher();
        Assert.True(original.AcceptBytes(Utf8("ab")));
        var fork = original.Copy();
        Assert.True(fork.AcceptBytes(Utf8("bbc")));
        Assert.True(fork.IsFinished);
        Assert.False(original.CanTerminate);
        Assert.Equal(1, original.StepCount);
        Assert.True(original.AcceptBytes(Utf8("c")));
        fork.Rollback(2);
        Assert.False(fork.CanTerminate);
        Assert.True(original.IsFinished);
    }

    [Theory]
    [InlineData("(a|aa)*b")]
    [InlineData("(a*)*b")]
    [InlineData("((a|a?)+)+b")]
    public void PathologicalRegexesStayLinear(string pattern)
    {
        var grammar = Regex(pattern);
        var matcher = grammar.CreateMatcher();
        var mask = new uint[grammar.MaskWords];
        for (int i = 0; i < 3000; i++)
        {
            Assert.True(matcher.AcceptBytes(Utf8("a")), $"a #{i}");
            if (i % 500 == 0) matcher.FillNextTokenMask(mask);
        }
        Assert.True(matcher.AcceptBytes(Utf8("b")));
        Assert.True(matcher.IsFinished);
    }

    [Fact]
    public void DeepNestingThroughRecursionIsAccepted()
    {
        var grammar = Compile(GbnfGrammar.Parse("root ::= \"[\" root? \"]\""));
        var matcher = grammar.CreateMatcher();
        var mask = new uint[grammar.MaskWords];
        for (int i = 0; i < 2000; i++) Assert.True(matcher.AcceptBytes(Utf8("[")));
        matcher.FillNextTokenMask(mask);
        Assert.False(MatcherDifferentialTests.IsSet(mask, SmallVocabulary.Eos));
        for (int i = 0; i < 1999; i++) Assert.True(matcher.AcceptBytes(Utf8("]")));
        Assert.False(matcher.CanTerminate);
        Assert.True(matcher.AcceptBytes(Utf8("]")));
        Assert.True(matcher.IsFinished);
        Assert.False(matcher.AcceptBytes(Utf8("]")));
    }

    [Fact]
    public void HugeChoicesCompile()
    {
        var words = Enumerable.Range(0, 10_000).Select(i => $"w{i * 7919 % 100_003}").ToList();
        var grammar = Compile(GrammarDefinition.FromExpr(ChoiceGrammar.Build(words)));
        MatcherDifferentialTests.ForceDecode(grammar, words[7_345], "huge choice");
    }

    [Fact]
    public void BatchedMasksFillOneRowPerMatcher()
    {
        var grammar = Regex("a[bé]");
        var first = grammar.CreateMatcher();
        var second = grammar.CreateMatcher();
        Assert.True(second.AcceptBytes(Utf8("a")));
        int rowWords = grammar.MaskWords + 1;
        var buffer = new uint[3 * rowWords];
        buffer.AsSpan().Fill(0xDEADBEEF);
        GrammarMatcher.FillNextTokenMasks([first, null, second], buffer, rowWords);
        var expected = new uint[grammar.MaskWords];
        first.FillNextTokenMask(expected);
        Assert.Equal([.. expected, 0u], buffer[..rowWords]);
        Assert.All(buffer[rowWords..(2 * rowWords)], w => Assert.Equal(uint.MaxValue, w));
        second.FillNextTokenMask(expected);
        Assert.Equal([.. expected, 0u], buffer[(2 * rowWords)..]);
        Assert.Throws<ArgumentException>(() => GrammarMatcher.FillNextTokenMasks([first, second], new uint[rowWords], rowWords));
        Assert.Throws<ArgumentException>(() => GrammarMatcher.FillNextTokenMasks([first], buffer, grammar.MaskWords - 1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ManyThreadsShareOneCompiledGrammar(bool precomputed)
    {
        // Without precompute, the threads race to compute the same entries on first use.
        var limits = new CompileLimits(MaskPrecomputeBudget: precomputed ? TimeSpan.MaxValue : TimeSpan.Zero);
        var grammar = GrammarCompiler.Compile(GbnfGrammar.Parse(GbnfGrammar.Json), Vocabulary, limits);
        string text = "{\"a\":[1,2.5e3,\"é中\"],\"b\":{\"c\":null}}";
        Parallel.For(0, 8, _ => MatcherDifferentialTests.ForceDecode(grammar, text, "parallel"));
    }
}
