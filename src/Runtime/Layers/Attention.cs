using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmLang.Runtime.Layers;

/// <summary>
/// Grouped-query self-attention with RoPE over the slot-indexed KV cache. q, k and v come from one fused projection and
/// are rotated in one complex multiply (v with the identity). Query heads h = kv * groups + g share KV head kv, so the
/// queries of a group are stacked along the query axis and the cached K/V are read once per KV head.
/// </summary>
internal sealed class Attention : IDisposable
{
    private readonly Tensor _wqkv;  // [dim, (heads + 2 kv_heads) * head], stored [in, out]
    private readonly Tensor? _bqkv; // [(heads + 2 kv_heads) * head]
    private readonly Tensor _wo;    // [heads * head, dim]
    private readonly int _layer, _heads, _kvHeads, _headSize, _groups;

    public Attention(ModelConfig config, int layer, Tensor wqkv, Tensor? bqkv, Tensor wo)
    {
        (_wqkv, _bqkv, _wo, _layer) = (wqkv, bqkv, wo, layer);
        (_heads, _kvHeads, _headSize) = (config.Heads, config.KvHeads, config.HeadSize);
        _groups = _heads / _kvHeads;
    }

    /// <summary>x: [T, dim] → [T, dim]; writes the new tokens' K/V into their cache slots.</summary>
    public Tensor Forward(Tensor x, AttentionMetadata meta, KvCache cache)
    {
        using var scope = NewDisposeScope();
        int tokens = (int)x.shape[0];
        var qkv = _bqkv is null ? x.matmul(_wqkv) : torch.addmm(_bqkv, x, _wqkv, 1f, 1f);
        var rotated = Rope.Apply(qkv, meta.Rotations);                         // [T, H + 2 KV, hd]
        var kv = rotated.narrow(1, _heads, 2 * _kvHeads).view(tokens, 2, _kvHeads, _headSize);

        var store = cache.Layer(_layer);                                         // [slots, 2, KV, hd]
        store.index_copy_(0, meta.WriteSlots, kv);
        var attended = meta.MaxNew == 1 && DecodeAttention.CanRead(store)
            ? DecodeAttention.Forward(rotated, store, meta.HostContextSlots, meta.ContextLengths, _heads, _kvHeads, _headSize, get_num_threads())
            : Padded(rotated.narrow(1, 0, _heads), store, meta);                   // [T, H * hd]
        return attended.matmul(_wo).MoveToOuterDisposeScope();
    }

    /// <summary>Attention through libtorch's SDPA: queries [T, H, hd] and every sequence's context K/V gathered into
    /// padded [B, KV, …] tensors with a causal, padding-hiding mask. Returns [T, H * hd].</summary>
    private Tensor Padded(Tensor q, Tensor store, AttentionMetadata meta)
    {
        int b = meta.Batch, n = meta.MaxNew, ctx = meta.MaxContext;
        // [B * ctx, 2, KV, hd] → [2, B, KV, ctx, hd]
        var context = store.index_select(0, meta.ContextSlots).view(b, ctx, 2, _kvHeads, _headSize).permute(2, 0, 3, 1, 4);
        var queries = meta.QueryGather is null
            ? q.reshape(b, _kvHeads, _groups, _headSize)                         // decode: one query per sequence
            : q.index_select(0, meta.QueryGather).view(b, n, _kvHeads, _groups, _headSize)
                .permute(0, 2, 3, 1, 4).reshape(b, _kvHeads, _groups * n, _headSize);
        var attended = F.scaled_dot_product_attention(queries, context[0], context[1], meta.Mask); // [B, KV, G * n, hd]
        return meta.OutputGather is null
            ? attended.reshape(b, _heads * _headSize)
            : attended.view(b, _kvHeads, _groups, n, _headSize).permute(0, 3, 1, 2, 4)
                .reshape(b * n, _heads * _headSize).index_select(0, meta.OutputGather);
    }

    public void Dispose()
    {
        _wqkv.Dispose();
        _bqkv?.Dispose();
        _wo.Dispose();
    }
}
