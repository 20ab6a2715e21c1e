using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Layers;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Models;

/// <summary>One pre-norm decoder block: <c>h = x + attn(norm(x)); out = h + mlp(norm(h))</c>.</summary>
internal sealed class DecoderLayer(RmsNorm attentionNorm, Attention attention, RmsNorm ffnNorm, Mlp mlp) : IDisposable
{
    /// <summary>x: [T, dim] → [T, dim].</summary>
    public Tensor Forward(Tensor x, AttentionMetadata meta, KvCache cache)
    {
        using var scope = NewDisposeScope();
        var h = x.add(attention.Forward(attentionNorm.Forward(x), meta, cache), Scalars.One);
        return h.add_(mlp.Forward(ffnNorm.Forward(h)), Scalars.One).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        attentionNorm.Dispose();
        attention.Dispose();
        ffnNorm.Dispose();
        mlp.Dispose();
    }
}
