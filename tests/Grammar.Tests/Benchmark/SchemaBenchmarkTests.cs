using System.Text;
using System.Text.RegularExpressions;
using LlmLang.Grammar.Benchmark;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.Vocabulary;
using Xunit;

namespace LlmLang.Grammar.Tests.Benchmark;

/// <summary>
/// The grammar benchmark's protocol on a folder of three schema files: what it counts as compiled, accepted,
/// rejected and falsely accepted, one timed mask per decoding step, and SUMMARY lines in the peer's format.
/// </summary>
public sealed class SchemaBenchmarkTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmlang-bench-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void CountsOutcomesAndTimesEveryMask()
    {
        // a.json: two valid instances (one with an undeclared property, which strict mode rejects) and two invalid.
        Write("a.json", """{"schema":{"type":"object","properties":{"n":{"type":"integer","maximum":9}},"required":["n"]},"tests":[{"data":{"n":7},"valid":true},{"data":{"n":1,"x":2},"valid":true},{"data":{"n":10},"valid":false},{"data":{},"valid":false}]}""");
        // b.json: a keyword that cannot be enforced, so its valid instance counts as uncompiled.
        Write("b.json", """{"schema":{"type":"string","format":"regex"},"tests":[{"data":"b","valid":true}]}""");
        Write("c.json", """{"schema":{"enum":["red","green"]},"tests":[{"data":"green","valid":true},{"data":"blue","valid":false}]}""");
        var vocabulary = BenchmarkVocabulary.From(Vocabulary());
        var log = new List<string>();

        var result = SchemaBenchmark.Run(SchemaBenchmarkJob.Load(_folder), vocabulary, JsonSchemaOptions.Default, log.Add);

        Assert.Equal((3, 1, 2, 1, 1, 0, 3), (result.Schemas, result.CompileErrors, result.InstancesOk, result.InstancesRejected,
            result.InstancesUncompiled, result.InvalidAccepted, result.InvalidTotal));
        Assert.Equal(2, result.CompileMs.Count);
        // {"n":7} is 5 tokens here ({" n ": 7 }) and "green" 3 (" gr een"), each with a mask per token and one for EOS;
        // {"n":1,"x":2} gets 5 masks: four tokens, then none fits the "," that strict mode forbids at byte 6.
        Assert.Equal(8, result.Tokens);
        Assert.Equal(6 + 4 + 5, result.MaskUs.Count);
        Assert.Contains(log, l => l.StartsWith("a.json: instance rejected (no allowed token at byte 6)"));
        Assert.Contains(log, l => l.StartsWith("b.json: COMPILE ERROR"));
        Assert.Contains(log, l => Regex.IsMatch(l, @"^a\.json: compiled in \d+\.\d ms \(\d+ states, \d+ KiB\)$"));
        Assert.DoesNotContain(log, l => l.StartsWith("b.json: compiled"));
        Assert.Equal(2 / 4.0, result.AcceptedShare);
        var lines = result.SummaryLines();
        Assert.Matches(new Regex(@"^SUMMARY \S+ schemas=3 compileErr=1 instancesOK=2 instancesRejected=1 instancesUncompiled=1 invalidAccepted=0 invalidTotal=3 tokens=8$"), lines[0]);
        Assert.Matches(new Regex(@"^  compile ms: avg \d+\.\d p50 \d+\.\d p90 \d+\.\d p99 \d+\.\d max \d+\.\d$"), lines[1]);
        Assert.Matches(new Regex(@"^  mask us: n=\d+ avg \d+ p25 \d+ p50 \d+ p90 \d+ p99 \d+ max \d+$"), lines[2]);
    }

    [Fact]
    public void GreedyStepTakesTheLongestAllowedToken()
    {
        // Ids: 0 EOS, 1 "a", 2 "ab", 3 "abé" (é is two bytes, not ASCII), 4 the byte C3, 5 "é".
        var tokens = new List<byte[]?> { null, "a"u8.ToArray(), "ab"u8.ToArray(), "abé"u8.ToArray(), new byte[] { 0xC3 }, "é"u8.ToArray() };
        var vocabulary = BenchmarkVocabulary.From(new TokenVocabulary(tokens, [], [0], "test"));
        static uint[] Allowed(params int[] ids)
        {
            uint mask = 0;
            foreach (int id in ids) mask |= 1u << id;
            return [mask];
        }

        Assert.Equal(3, vocabulary.LongestAllowedPrefix("abé!"u8, Allowed(1, 2, 3)));
        Assert.Equal(2, vocabulary.LongestAllowedPrefix("abé!"u8, Allowed(1, 2)));
        Assert.Equal(4, vocabulary.LongestAllowedPrefix("é"u8, Allowed(4)));
        Assert.Equal(5, vocabulary.LongestAllowedPrefix("é"u8, Allowed(4, 5)));
        Assert.Equal(-1, vocabulary.LongestAllowedPrefix("b"u8, Allowed(1, 2, 3, 4, 5)));
    }

    [Fact]
    public void AWarmUpInstanceTheVocabularyCannotSpellStopsTheRun()
    {
        // Without the byte 'z' the warm-up schema's pattern property "zz-a" cannot be decoded.
        var tokens = new List<byte[]?> { null };
        for (int b = 1; b < 128; b++) tokens.Add(b == 'z' ? null : [(byte)b]);
        var vocabulary = BenchmarkVocabulary.From(new TokenVocabulary(tokens, [], [0], "no-z"));

        var e = Assert.Throws<InvalidOperationException>(() => SchemaBenchmark.Run([], vocabulary, JsonSchemaOptions.Default));
        Assert.Contains("warm-up instance", e.Message);
        Assert.Contains("zz-a", e.Message);
    }

    private void Write(string name, string json) => File.WriteAllText(Path.Combine(_folder, name), json);

    // Every ASCII byte, plus a few longer pieces; EOS is id 0.
    private static TokenVocabulary Vocabulary()
    {
        var tokens = new List<byte[]?> { null };
        for (int b = 1; b < 128; b++) tokens.Add([(byte)b]);
        foreach (string piece in new[] { "{\"", "\":", "gr", "een\"" }) tokens.Add(Encoding.UTF8.GetBytes(piece));
        return new TokenVocabulary(tokens, [], [0], "test");
    }
}
