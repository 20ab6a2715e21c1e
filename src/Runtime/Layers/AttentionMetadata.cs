using LlmLang.Runtime.Models;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Layers;

/// <summary>
/// Index tensors that let one forward pass serve a ragged batch. Projections run on the flat token list [T, …];
/// attention pads each sequence to [batch, max_new, …] for queries and [batch, max_context, …] for keys, with a mask
/// that is causal within the sequence and hides padding. Built once per forward, shared by every layer.
/// </summary>
internal sealed class AttentionMetadata : IDisposable
{
    public required Tensor Rotations { get; init; }      // complex [T, heads + 2 kv_heads, head/2] RoPE per new token
    public required Tensor WriteSlots { get; init; }     // [T] slot receiving each new token's K/V
    public required Tensor ContextSlots { get; init; }   // [B * max_ctx] slots to read, padded with a valid slot
    public Tensor? QueryGather { get; init; }            // [B * max_new] flat token index per padded query (null: decode, identity)
    public Tensor? OutputGather { get; init; }           // [T] padded row per flat token (null: identity)
    public required Tensor Mask { get; init; }           // [B, 1, groups * max_new, max_ctx] true = may attend
    public required long[] HostContextSlots { get; init; } // ContextSlots on the host, for the CPU decode kernel
    public required int[] ContextLengths { get; init; }  // [B] context length of each sequence after this pass
    public int Batch { get; init; }
    public int MaxNew { get; init; }
    public int MaxContext { get; init; }

    /// <summary>Builds the indices for <paramref name="chunks"/> of a model with <paramref name="config"/>'s heads.</summary>
    public static AttentionMetadata Build(IReadOnlyList<SequenceChunk> chunks, ModelConfig config, Rope rope, Device device)
    {
        int groups = config.Heads / config.KvHeads;
        int batch = chunks.Count;
        int maxNew = 0, maxContext = 0, total = 0;
        foreach (var c in chunks)
        {
            maxNew = Math.Max(maxNew, c.TokenIds.Count);
            maxContext = Math.Max(maxContext, c.EndPosition);
            total += c.TokenIds.Count;
        }

        var positions = new long[total];
        var writeSlots = new long[total];
        var contextSlots = new long[batch * maxContext];
        var queryGather = new long[batch * maxNew];
        var outputGather = new long[total];
        var contextLengths = new int[batch];
        var mask = new bool[batch * groups * maxNew * maxContext];
        int flat = 0;
        for (int b = 0; b < batch; b++)
        {
            var c = chunks[b];
            int n = c.TokenIds.Count, start = c.StartPosition, end = c.EndPosition;
            contextLengths[b] = end;
            if (c.Slots.Count < end)
                throw new ArgumentException($"sequence {b}: {c.Slots.Count} KV slots for {end} positions");
            for (int j = 0; j < maxContext; j++)
                contextSlots[b * maxContext + j] = c.Slots[j < end ? j : 0];
            for (int i = 0; i < maxNew; i++)
            {
                bool real = i < n;
                queryGather[b * maxNew + i] = real ? flat + i : flat;
                for (int g = 0; g < groups; g++)
                {
                    int row = ((b * groups + g) * maxNew + i) * maxContext;
                    if (!real) { mask[row] = true; continue; } // padding rows attend to one slot so softmax stays finite
                    for (int j = 0; j <= start + i; j++) mask[row + j] = true;
                }
            }
            for (int i = 0; i < n; i++)
            {
                positions[flat + i] = start + i;
                writeSlots[flat + i] = c.Slots[start + i];
                outputGather[flat + i] = b * maxNew + i;
            }
            flat += n;
        }

        bool decode = maxNew == 1;
        using var positionTensor = tensor(positions, device: device);
        return new AttentionMetadata
        {
            Rotations = rope.For(positionTensor, config.Heads + config.KvHeads, config.KvHeads),
            WriteSlots = tensor(writeSlots, device: device),
            ContextSlots = tensor(contextSlots, device: device),
            QueryGather = decode ? null : tensor(queryGather, device: device),
            OutputGather = decode ? null : tensor(outputGather, device: device),
            Mask = tensor(mask, [batch, 1, groups * maxNew, maxContext], device: device),
            HostContextSlots = contextSlots,
            ContextLengths = contextLengths,
            Batch = batch,
            MaxNew = maxNew,
            MaxContext = maxContext,
        };
    }

    public void Dispose()
    {
        Rotations.Dispose();
        WriteSlots.Dispose();
        ContextSlots.Dispose();
        QueryGather?.Dispose();
        OutputGather?.Dispose();
        Mask.Dispose();
    }
}
