using System.Text;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Matching;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Matching;

/// <summary>
/// Random grammars (with recursion) driven through the matcher: every mask equals a brute-force check of every token,
/// whole-text acceptance equals the IR recognizer, sampled sentences force-decode, and random walks on masks only end
/// where the recognizer agrees.
/// </summary>
public class MatcherDifferentialTests
{
    private static readonly TokenVocabulary Vocabulary = SmallVocabulary.Create();

    [Fact]
    public void RandomGrammarsAgreeWithRecognizerAndBruteForce()
    {
        int compiled = 0, sentences = 0;
        for (int seed = 0; seed < 150; seed++)
        {
            var random = new RandomGrammar(seed);
            var grammar = random.Next();
            CompiledGrammar compiledGrammar;
            // Half the grammars fill every cache entry while compiling, the rest on first use: both must give the same masks.
            var limits = seed % 2 == 0 ? CompileLimits.Default : new CompileLimits(MaskPrecomputeBudget: TimeSpan.Zero);
            try { compiledGrammar = GrammarCompiler.Compile(grammar, Vocabulary, limits); }
            catch (GrammarException e) when (e.Message.Contains("accepts nothing") || e.Message.Contains("left-recursive")) { continue; }
            compiled++;
            var root = grammar.Rules[grammar.Start];
            for (int i = 0; i < 20; i++)
            {
                string text = random.RandomText();
                var matcher = compiledGrammar.CreateMatcher();
                bool accepted = matcher.AcceptBytes(Encoding.UTF8.GetBytes(text)) && matcher.CanTerminate;
                Assert.True(accepted == IrRecognizer.Matches(root, grammar.Rules, text), $"seed {seed}: '{text}' matcher {accepted}");
            }
            for (int i = 0; i < 5; i++)
            {
                if (random.Sample(grammar) is not { } sentence) continue;
                sentences++;
                ForceDecode(compiledGrammar, sentence, $"seed {seed}");
            }
            RandomWalk(compiledGrammar, grammar, new Random(seed), $"seed {seed}");
        }
        Assert.True(compiled >= 60, $"only {compiled} random grammars compiled");
        Assert.True(sentences >= 150, $"only {sentences} sentences sampled");
    }

    /// <summary>Greedy longest-token decoding of <paramref name="text"/>: each token must be in the mask.</summary>
    internal static void ForceDecode(CompiledGrammar grammar, string text, string context)
    {
        var matcher = grammar.CreateMatcher();
        var mask = new uint[grammar.MaskWords];
        var bytes = Encoding.UTF8.GetBytes(text);
        for (int at = 0; at < bytes.Length;)
        {
            matcher.FillNextTokenMask(mask);
            AssertMaskIsBruteForce(matcher, mask, context);
            int token = LongestToken(grammar.Vocabulary, bytes.AsSpan(at));
            Assert.True(IsSet(mask, token), $"{context}: '{text}' token at byte {at} not allowed");
            Assert.True(matcher.Accept(token), $"{context}: '{text}' token at byte {at} refused");
            at += grammar.Vocabulary.GetBytes(token).Length;
        }
        matcher.FillNextTokenMask(mask);
        Assert.True(matcher.CanTerminate, $"{context}: '{text}' cannot end");
        Assert.True(IsSet(mask, grammar.Vocabulary.EosIds[0]), $"{context}: EOS not allowed after '{text}'");
        Assert.True(matcher.Accept(grammar.Vocabulary.EosIds[0]));
        Assert.True(matcher.IsFinished);
        matcher.FillNextTokenMask(mask);
        Assert.All(mask, w => Assert.Equal(0u, w));
    }

    private static void RandomWalk(CompiledGrammar grammar, GrammarDefinition definition, Random random, string context)
    {
        var matcher = grammar.CreateMatcher();
        var mask = new uint[grammar.MaskWords];
        var masks = new List<uint[]>();
        var text = new List<byte>();
        for (int step = 0; step < 12; step++)
        {
            matcher.FillNextTokenMask(mask);
            masks.Add((uint[])mask.Clone());
            AssertMaskIsBruteForce(matcher, mask, context);
            var allowed = Enumerable.Range(0, grammar.Vocabulary.Count).Where(t => IsSet(mask, t) && grammar.Vocabulary.IsText(t)).ToList();
            if (matcher.CanTerminate)
                Assert.True(IrRecognizer.Matches(definition.Rules[definition.Start], definition.Rules, Encoding.UTF8.GetString(text.ToArray())) || !IsValidUtf8(text),
                    $"{context}: matcher can end after bytes the recognizer rejects");
            if (allowed.Count == 0) break;
            int token = allowed[random.Next(allowed.Count)];
            Assert.True(matcher.Accept(token));
            text.AddRange(grammar.Vocabulary.GetBytes(token).ToArray());
        }
        if (masks.Count == matcher.StepCount)
        {
            matcher.FillNextTokenMask(mask);
            masks.Add((uint[])mask.Clone());
        }
        // Rollback restores each earlier state exactly; a copy is independent of its original.
        var copy = matcher.Copy();
        for (int back = matcher.StepCount; back > 0; back--)
        {
            matcher.Rollback(1);
            matcher.FillNextTokenMask(mask);
            Assert.Equal(masks[matcher.StepCount], mask);
        }
        Assert.Equal(masks.Count - 1, copy.StepCount);
        copy.FillNextTokenMask(mask);
        Assert.Equal(masks[^1], mask);
    }

    internal static void AssertMaskIsBruteForce(GrammarMatcher matcher, uint[] mask, string context)
    {
        for (int t = 0; t < matcher.Grammar.Vocabulary.Count; t++)
        {
            var probe = matcher.Copy();
            Assert.True(probe.Accept(t) == IsSet(mask, t), $"{context}: mask bit of token {t} disagrees with Accept");
        }
    }

    private static bool IsValidUtf8(List<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes.ToArray());

    internal static bool IsSet(uint[] mask, int id) => (mask[id >> 5] & (1u << (id & 31))) != 0;

    internal static int LongestToken(TokenVocabulary vocabulary, ReadOnlySpan<byte> rest)
    {
        int best = -1, bestLength = 0;
        for (int t = 0; t < vocabulary.Count; t++)
        {
            var bytes = vocabulary.GetBytes(t);
            if (vocabulary.IsText(t) && bytes.Length > bestLength && rest.StartsWith(bytes)) { best = t; bestLength = bytes.Length; }
        }
        return best;
    }
}
