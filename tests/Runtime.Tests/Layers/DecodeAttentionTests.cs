using TorchSharp;
using LlmLang.Runtime.Layers;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Tests.Layers;

/// <summary>
/// The CPU decode kernel reads each sequence's K/V in place from scattered, shared slots; it must equal plain attention
/// softmax(q kᵀ / √d) v over the same rows, for grouped heads, head sizes off the 8-float vector width and context
/// lengths off the kernel's 4-slot unrolling.
/// </summary>
public class DecodeAttentionTests
{
    [Theory]
    [InlineData(8, 2, 48, 1)]  // grouped-query attention, vector-width heads
    [InlineData(4, 4, 12, 1)]  // multi-head, a scalar tail in every dot product
    [InlineData(6, 1, 5, 1)]   // multi-query, heads shorter than one vector
    [InlineData(8, 2, 48, 3)]  // sequences spread over threads
    public void EqualsPlainAttentionOverScatteredSlots(int heads, int kvHeads, int headSize, int threads)
    {
        using var scope = NewDisposeScope();
        var random = new Random(heads * 100 + headSize + threads);
        int[] lengths = [1, 7, 13, 4];
        int batch = lengths.Length, maxContext = lengths.Max(), slotCount = 64;
        using Generator storeSeed = new(7), qkvSeed = new(8);
        var store = randn(slotCount, 2, kvHeads, headSize, generator: storeSeed);
        var qkv = randn(batch, heads + 2 * kvHeads, headSize, generator: qkvSeed);
        // Slots in random order, with sequence 2 sharing sequence 1's first slots (a shared prefix).
        var context = new long[batch * maxContext];
        for (int b = 0; b < batch; b++)
            for (int j = 0; j < maxContext; j++)
                context[b * maxContext + j] = b == 2 && j < 5 ? context[maxContext + j] : random.Next(slotCount);

        using var scale = (1.0 / Math.Sqrt(headSize)).ToScalar();
        var actual = DecodeAttention.Forward(qkv, store, context, lengths, heads, kvHeads, headSize, threads);

        Assert.Equal(new long[] { batch, heads * headSize }, actual.shape);
        for (int b = 0; b < batch; b++)
        {
            var slots = tensor(context.AsSpan(b * maxContext, lengths[b]).ToArray());
            var rows = store.index_select(0, slots);                                     // [L, 2, KV, hd]
            for (int h = 0; h < heads; h++)
            {
                int kv = h / (heads / kvHeads);
                var q = qkv[b, h];                                                       // [hd]
                var keys = rows.select(1, 0).select(1, kv);                              // [L, hd]
                var values = rows.select(1, 1).select(1, kv);
                var weights = keys.matmul(q).mul(scale).softmax(0);                      // [L]
                var expected = weights.matmul(values).data<float>().ToArray();
                var got = actual[b].narrow(0, h * headSize, headSize).data<float>().ToArray();
                for (int d = 0; d < headSize; d++) Assert.Equal(expected[d], got[d], 1e-5f);
            }
        }
    }
}
