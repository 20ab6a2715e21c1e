using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Models;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Tests.Models;

/// <summary>
/// Properties any correct batched, cached forward pass has, checked on random models of several shapes (MHA, GQA, MQA,
/// both RoPE layouts, biases, untied classifier): incremental decoding equals a full recompute; a batch equals each
/// sequence alone; the order of a batch does not matter.
/// </summary>
public class TransformerInvariantTests
{
    public static TheoryData<string> Shapes => new() { "mha", "gqa", "mqa-rotate-half", "qwen2-bias-untied" };

    private static ModelConfig Shape(string name) => name switch
    {
        "mha" => new ModelConfig("llama", 32, 64, 2, 4, 4, 97, 64),
        "gqa" => new ModelConfig("llama", 48, 80, 3, 6, 2, 113, 64, RopeTheta: 500000f),
        "mqa-rotate-half" => new ModelConfig("mistral", 32, 48, 2, 4, 1, 61, 64, RopeLayout: RopeLayout.RotateHalf,
            RopeScaling: new RopeScaling("llama3", 8f, 1f, 4f, 16)),
        "qwen2-bias-untied" => new ModelConfig("qwen2", 32, 64, 2, 4, 2, 71, 64, RopeLayout: RopeLayout.RotateHalf,
            TiedEmbeddings: false, AttentionBias: true, RmsNormEps: 1e-6f),
        _ => throw new ArgumentException(name),
    };

    private static int[] RandomTokens(int count, int vocab, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(vocab)).ToArray();
    }

    /// <summary>Logits after every token of <paramref name="tokens"/>, computed in one prefill pass.</summary>
    private static float[][] FullPass(Transformer model, KvCache cache, int[] tokens, int firstSlot)
    {
        var slots = Enumerable.Range(firstSlot, tokens.Length).ToArray();
        using var logits = model.Forward([new SequenceChunk(tokens, 0, slots, LogitsWanted.All)], cache)!;
        return Rows(logits);
    }

    private static float[][] Rows(Tensor logits)
    {
        int rows = (int)logits.shape[0], vocab = (int)logits.shape[1];
        var flat = logits.data<float>().ToArray();
        return Enumerable.Range(0, rows).Select(r => flat.AsSpan(r * vocab, vocab).ToArray()).ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance = 1e-4f)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst <= tolerance, $"max |difference| {worst} > {tolerance}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void IncrementalDecodingEqualsFullRecompute(string shape)
    {
        var config = Shape(shape);
        using var weights = RandomWeights.Create(config, seed: 7);
        using var model = new Transformer(config, weights);
        using var cache = new KvCache(config, 128);
        int[] tokens = RandomTokens(20, config.VocabSize, 1);
        var full = FullPass(model, cache, tokens, firstSlot: 0);

        // Prefill 5, then one token at a time, into slots in scrambled order: slots are indirection only.
        var slots = Enumerable.Range(0, 20).Select(i => 127 - 3 * i).ToArray();
        using (var first = model.Forward([new SequenceChunk(tokens[..5], 0, slots[..5])], cache)!)
            AssertClose(full[4], Rows(first)[0]);
        for (int p = 5; p < tokens.Length; p++)
        {
            using var step = model.Forward([new SequenceChunk([tokens[p]], p, slots[..(p + 1)])], cache)!;
            AssertClose(full[p], Rows(step)[0]);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BatchEqualsEachSequenceAloneInAnyOrder(string shape)
    {
        var config = Shape(shape);
        using var weights = RandomWeights.Create(config, seed: 11);
        using var model = new Transformer(config, weights);
        using var cache = new KvCache(config, 256);
        int[][] prompts = [RandomTokens(9, config.VocabSize, 2), RandomTokens(3, config.VocabSize, 3), RandomTokens(14, config.VocabSize, 4), RandomTokens(1, config.VocabSize, 5)];
        var alone = prompts.Select((p, i) => FullPass(model, cache, p, firstSlot: 200)[^1]).ToArray();

        foreach (int[] order in new[] { new[] { 0, 1, 2, 3 }, new[] { 3, 1, 0, 2 } })
        {
            int next = 0;
            var chunks = order.Select(i =>
            {
                var slots = Enumerable.Range(next, prompts[i].Length).ToArray();
                next += prompts[i].Length;
                return new SequenceChunk(prompts[i], 0, slots);
            }).ToList();
            using var logits = model.Forward(chunks, cache)!;
            var rows = Rows(logits);
            for (int k = 0; k < order.Length; k++) AssertClose(alone[order[k]], rows[k]);

            // A mixed step: one decode token for each sequence, in the same batch.
            var decode = order.Select((i, k) => new SequenceChunk([1], prompts[i].Length, chunks[k].Slots.Append(230 + k).ToArray())).ToList();
            using var stepLogits = model.Forward(decode, cache)!;
            var stepRows = Rows(stepLogits);
            for (int k = 0; k < order.Length; k++)
            {
                int i = order[k];
                var expected = FullPass(model, cache, [.. prompts[i], 1], firstSlot: 150)[^1];
                AssertClose(expected, stepRows[k]);
            }
        }
    }

    [Fact]
    public void RejectsOutOfRangeInputWithClearErrors()
    {
        var config = Shape("mha");
        using var weights = RandomWeights.Create(config, seed: 1);
        using var model = new Transformer(config, weights);
        using var cache = new KvCache(config, 16);
        var e = Assert.Throws<ArgumentException>(() => model.Forward([new SequenceChunk([config.VocabSize], 0, [0])], cache));
        Assert.Contains("outside the vocabulary", e.Message);
        e = Assert.Throws<ArgumentException>(() => model.Forward([new SequenceChunk([1, 2], 0, [0])], cache));
        Assert.Contains("KV slots", e.Message);
        var bad = config with { Architecture = "foo" };
        var ne = Assert.Throws<NotSupportedException>(() => new Transformer(bad, weights));
        Assert.Equal("architecture \"foo\" is not supported (supported: llama, mistral, qwen2)", ne.Message);
    }
}
