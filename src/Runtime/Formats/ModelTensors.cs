using LlmLang.Runtime.Models;

namespace LlmLang.Runtime.Formats;

/// <summary>What RoPE permutation a tensor needs when its checkpoint changes layout.</summary>
internal enum RopeRows
{
    /// <summary>Not a query/key tensor.</summary>
    None,
    /// <summary>Rows grouped by query heads.</summary>
    QueryHeads,
    /// <summary>Rows grouped by key/value heads.</summary>
    KeyHeads,
}

/// <summary>One tensor of a model: its canonical name, [out, in] shape, and its names in GGUF and Hugging Face checkpoints.</summary>
internal sealed record TensorSlot(string Name, long[] Shape, string GgufName, string HfName, RopeRows Rope);

/// <summary>The tensors a configuration implies, with every format's name for each: the single table the readers and writers share.</summary>
internal static class ModelTensors
{
    /// <summary>Every tensor of <paramref name="config"/>, in checkpoint order; the classifier only when not tied, biases only with
    /// <see cref="ModelConfig.AttentionBias"/>. Lazy, so a reader facing a corrupt layer count fails at the first missing tensor.</summary>
    public static IEnumerable<TensorSlot> For(ModelConfig config)
    {
        long dim = config.Dim, hidden = config.HiddenDim, vocab = config.VocabSize;
        long qDim = (long)config.Heads * config.HeadSize, kvDim = config.KvDim;
        yield return new(WeightNames.Embedding, [vocab, dim], "token_embd.weight", "model.embed_tokens.weight", RopeRows.None);
        for (int l = 0; l < config.Layers; l++)
        {
            string g = $"blk.{l}.", h = $"model.layers.{l}.";
            yield return new(WeightNames.AttentionNorm(l), [dim], g + "attn_norm.weight", h + "input_layernorm.weight", RopeRows.None);
            yield return new(WeightNames.Wq(l), [qDim, dim], g + "attn_q.weight", h + "self_attn.q_proj.weight", RopeRows.QueryHeads);
            yield return new(WeightNames.Wk(l), [kvDim, dim], g + "attn_k.weight", h + "self_attn.k_proj.weight", RopeRows.KeyHeads);
            yield return new(WeightNames.Wv(l), [kvDim, dim], g + "attn_v.weight", h + "self_attn.v_proj.weight", RopeRows.None);
            if (config.AttentionBias)
            {
                yield return new(WeightNames.Bq(l), [qDim], g + "attn_q.bias", h + "self_attn.q_proj.bias", RopeRows.QueryHeads);
                yield return new(WeightNames.Bk(l), [kvDim], g + "attn_k.bias", h + "self_attn.k_proj.bias", RopeRows.KeyHeads);
                yield return new(WeightNames.Bv(l), [kvDim], g + "attn_v.bias", h + "self_attn.v_proj.bias", RopeRows.None);
            }
            yield return new(WeightNames.Wo(l), [dim, qDim], g + "attn_output.weight", h + "self_attn.o_proj.weight", RopeRows.None);
            yield return new(WeightNames.FfnNorm(l), [dim], g + "ffn_norm.weight", h + "post_attention_layernorm.weight", RopeRows.None);
            yield return new(WeightNames.W1(l), [hidden, dim], g + "ffn_gate.weight", h + "mlp.gate_proj.weight", RopeRows.None);
            yield return new(WeightNames.W2(l), [dim, hidden], g + "ffn_down.weight", h + "mlp.down_proj.weight", RopeRows.None);
            yield return new(WeightNames.W3(l), [hidden, dim], g + "ffn_up.weight", h + "mlp.up_proj.weight", RopeRows.None);
        }
        yield return new(WeightNames.FinalNorm, [dim], "output_norm.weight", "model.norm.weight", RopeRows.None);
        if (!config.TiedEmbeddings)
            yield return new(WeightNames.Output, [vocab, dim], "output.weight", "lm_head.weight", RopeRows.None);
    }

    /// <summary>Shape as text, e.g. <c>[64, 172]</c>.</summary>
    public static string Describe(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>Fails unless <paramref name="actual"/> (in [out, in] order) is the slot's shape.</summary>
    public static void CheckShape(string path, string storedName, TensorSlot slot, long[] actual)
    {
        if (!actual.SequenceEqual(slot.Shape))
            throw new ModelFormatException(path,
                $"tensor \"{storedName}\" has shape {Describe(actual)} but the config implies {Describe(slot.Shape)} (rows, columns)");
    }
}
