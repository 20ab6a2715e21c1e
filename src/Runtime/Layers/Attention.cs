using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LlmLang.Runtime.Layers;

/// <summary>
/// Grouped-query self-attention with RoPE over the slot-indexed KV cache. q, k and v come from one fused projection.
/// Query heads h = kv * groups + g share KV head kv, so queries of a group are stacked along the query axis and the
/// cached K/V are read once per KV head.
/// </summary>
internal sealed class Attention : IDisposable
{
    private readonly Tensor _wqkv;  // [dim, (heads + 2 kv_heads) * head] (stored [in, out]: see Transformer)
    private readonly Tensor? _bqkv; // [(heads + 2 kv_heads) * head]
    private readonly Tensor _wo;    // [heads * head, dim]
    private readonly Rope _rope;
    private readonly int _layer, _heads, _kvHeads, _headSize, _groups;

    public Attention(ModelConfig config, int layer, Tensor wqkv, Tensor? bqkv, Tensor wo, Rope rope)
    {
        (_wqkv, _bqkv, _wo, _rope, _layer) = (wqkv, bqkv, wo, rope, layer);
        (_heads, _kvHeads, _headSize) = (config.Heads, config.KvHeads, config.HeadSize);
        _groups = _heads / _kvHeads;
    }

    /// <summary>x: [T, dim] → [T, dim]; writes the new tokens' K/V into their cache slots.</summary>
    public Tensor Forward(Tensor x, AttentionMetadata meta, KvCache cache)
    {
        using var scope = NewDisposeScope();
        int tokens = (int)x.shape[0];
        var qkv = _bqkv is null ? x.matmul(_wqkv) : torch.addmm(_bqkv, x, _wqkv, 1f, 1f);
        var parts = qkv.split([_heads * _headSize, _kvHeads * _headSize, _kvHeads * _headSize], 1);
        var q = _rope.Apply(parts[0].view(tokens, _heads, _headSize), meta.Positions);  // [T, H, hd]
        var k = _rope.Apply(parts[1].view(tokens, _kvHeads, _headSize), meta.Positions); // [T, KV, hd]
        var v = parts[2].view(tokens, _kvHeads, _headSize);

        var keys = cache.Keys(_layer);
        var values = cache.Values(_layer);
        keys.index_copy_(0, meta.WriteSlots, k);
        values.index_copy_(0, meta.WriteSlots, v);

        int b = meta.Batch, n = meta.MaxNew, ctx = meta.MaxContext;
        // [B, KV, ctx, hd]
        var kCtx = keys.index_select(0, meta.ContextSlots).view(b, ctx, _kvHeads, _headSize).transpose(1, 2);
        var vCtx = values.index_select(0, meta.ContextSlots).view(b, ctx, _kvHeads, _headSize).transpose(1, 2);
        var qPadded = meta.QueryGather is null ? q : q.index_select(0, meta.QueryGather);
        // [B, n, KV, G, hd] → [B, KV, G * n, hd]
        var qGrouped = qPadded.view(b, n, _kvHeads, _groups, _headSize).permute(0, 2, 3, 1, 4).reshape(b, _kvHeads, _groups * n, _headSize);
        var attended = F.scaled_dot_product_attention(qGrouped, kCtx, vCtx, meta.Mask);
        // [B, KV, G, n, hd] → [B, n, KV, G, hd] → [B * n, H * hd]
        var merged = attended.view(b, _kvHeads, _groups, n, _headSize).permute(0, 3, 1, 2, 4).reshape(b * n, _heads * _headSize);
        var flat = meta.OutputGather is null ? merged : merged.index_select(0, meta.OutputGather);
        return flat.matmul(_wo).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _wqkv.Dispose();
        _bqkv?.Dispose();
        _wo.Dispose();
    }
}
