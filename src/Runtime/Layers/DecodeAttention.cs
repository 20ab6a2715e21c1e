using System.Buffers;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Layers;

/// <summary>
/// Decode-step attention on the CPU, read straight from the slot-indexed KV store: each sequence's one query attends
/// to its context's K/V rows where they lie, so no padded copy of every context is gathered. The gather (and the page
/// faults of allocating it) plus libtorch's SDPA over one-row queries were ≈ 40% of a batch-32 stories15M step.
/// Prefill and GPU batches keep the tensor path in <see cref="Attention"/>.
/// </summary>
internal static class DecodeAttention
{
    /// <summary>Whether the kernel can read <paramref name="store"/>: a host tensor that a span can cover.</summary>
    public static bool CanRead(Tensor store) =>
        store.device_type == TorchSharp.DeviceType.CPU && store.NumberOfElements * sizeof(float) <= int.MaxValue;

    /// <summary>
    /// qkv: [B, heads + 2 kv_heads, head] after RoPE (only the query heads are read); store: [slots, 2, kv_heads, head];
    /// context: [B, maxContext] slots, of which sequence b uses the first <paramref name="lengths"/>[b].
    /// Returns [B, heads * head]. Sequences are spread over up to <paramref name="threads"/> threads.
    /// </summary>
    public static Tensor Forward(Tensor qkv, Tensor store, long[] context, int[] lengths, int heads, int kvHeads, int headSize, int threads)
    {
        if (!qkv.is_contiguous() || !store.is_contiguous()) throw new ArgumentException("the decode kernel reads contiguous tensors");
        int batch = lengths.Length, maxContext = context.Length / batch;
        var output = empty(batch, heads * headSize, float32);
        var shape = new Shape(heads, kvHeads, headSize, (int)qkv.shape[1] * headSize, maxContext);
        threads = Math.Min(batch, threads);
        if (threads <= 1)
            for (int b = 0; b < batch; b++) Sequence(qkv, store, output, context, lengths, b, shape);
        else
            Parallel.For(0, batch, new ParallelOptions { MaxDegreeOfParallelism = threads },
                b => Sequence(qkv, store, output, context, lengths, b, shape));
        return output;
    }

    private readonly record struct Shape(int Heads, int KvHeads, int HeadSize, int QkvRow, int MaxContext);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // SIMD loops: skip the unoptimised first tier
    private static unsafe void Sequence(Tensor qkvTensor, Tensor storeTensor, Tensor outputTensor, long[] context, int[] lengths, int b, Shape s)
    {
        int hd = s.HeadSize, groups = s.Heads / s.KvHeads, length = lengths[b];
        int slotStride = 2 * s.KvHeads * hd, valueOffset = s.KvHeads * hd;
        float scale = 1f / MathF.Sqrt(hd);
        var slots = context.AsSpan(b * s.MaxContext, length);
        float[] rented = ArrayPool<float>.Shared.Rent(length);
        try
        {
            fixed (byte* qkvBytes = qkvTensor.bytes, storeBytes = storeTensor.bytes, outputBytes = outputTensor.bytes)
            fixed (float* row = rented)                                         // one head's scores, then weights
            {
                float* query = (float*)qkvBytes + (long)b * s.QkvRow, store = (float*)storeBytes;
                float* result = (float*)outputBytes + (long)b * s.Heads * hd;
                for (int h = 0; h < s.Heads; h++)
                {
                    Scores(query + h * hd, store + h / groups * hd, slots, slotStride, hd, row);
                    var span = new Span<float>(row, length);
                    TensorPrimitives.Multiply(span, scale, span);
                    TensorPrimitives.Subtract(span, TensorPrimitives.Max(span), span);
                    TensorPrimitives.Exp(span, span);
                    TensorPrimitives.Divide(span, TensorPrimitives.Sum(span), span);
                    Mix(row, store + valueOffset + h / groups * hd, slots, slotStride, hd, result + h * hd);
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>scores[j] = q · key(slot j), four slots at a time so the FMA chains overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // SIMD loops: skip the unoptimised first tier
    private static unsafe void Scores(float* q, float* keys, ReadOnlySpan<long> slots, int slotStride, int hd, float* scores)
    {
        int j = 0;
        for (; j + 4 <= slots.Length; j += 4)
        {
            float* k0 = keys + slots[j] * slotStride, k1 = keys + slots[j + 1] * slotStride;
            float* k2 = keys + slots[j + 2] * slotStride, k3 = keys + slots[j + 3] * slotStride;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            int d = 0;
            for (; d + 8 <= hd; d += 8)
            {
                var qv = Vector256.Load(q + d);
                a0 = Vector256.FusedMultiplyAdd(qv, Vector256.Load(k0 + d), a0);
                a1 = Vector256.FusedMultiplyAdd(qv, Vector256.Load(k1 + d), a1);
                a2 = Vector256.FusedMultiplyAdd(qv, Vector256.Load(k2 + d), a2);
                a3 = Vector256.FusedMultiplyAdd(qv, Vector256.Load(k3 + d), a3);
            }
            float s0 = Vector256.Sum(a0), s1 = Vector256.Sum(a1), s2 = Vector256.Sum(a2), s3 = Vector256.Sum(a3);
            for (; d < hd; d++)
            {
                s0 += q[d] * k0[d];
                s1 += q[d] * k1[d];
                s2 += q[d] * k2[d];
                s3 += q[d] * k3[d];
            }
            (scores[j], scores[j + 1], scores[j + 2], scores[j + 3]) = (s0, s1, s2, s3);
        }
        for (; j < slots.Length; j++)
            scores[j] = TensorPrimitives.Dot(new ReadOnlySpan<float>(q, hd), new ReadOnlySpan<float>(keys + slots[j] * slotStride, hd));
    }

    /// <summary>result = Σ_j weights[j] · value(slot j), eight dimensions at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // SIMD loops: skip the unoptimised first tier
    private static unsafe void Mix(float* weights, float* values, ReadOnlySpan<long> slots, int slotStride, int hd, float* result)
    {
        int d = 0;
        for (; d + 8 <= hd; d += 8)
        {
            Vector256<float> a0 = default, a1 = default;
            int j = 0;
            for (; j + 2 <= slots.Length; j += 2)
            {
                a0 = Vector256.FusedMultiplyAdd(Vector256.Create(weights[j]), Vector256.Load(values + slots[j] * slotStride + d), a0);
                a1 = Vector256.FusedMultiplyAdd(Vector256.Create(weights[j + 1]), Vector256.Load(values + slots[j + 1] * slotStride + d), a1);
            }
            if (j < slots.Length) a0 = Vector256.FusedMultiplyAdd(Vector256.Create(weights[j]), Vector256.Load(values + slots[j] * slotStride + d), a0);
            (a0 + a1).Store(result + d);
        }
        for (; d < hd; d++)
        {
            float sum = 0;
            for (int j = 0; j < slots.Length; j++) sum += weights[j] * values[slots[j] * slotStride + d];
            result[d] = sum;
        }
    }
}
