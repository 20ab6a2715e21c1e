namespace LlmLang.Runtime.Models;

/// <summary>
/// Canonical tensor names shared by every loader and writer. Shapes follow <c>torch.nn.Linear</c>: [out, in].
/// q/k rows are stored in the layout named by <see cref="ModelConfig.RopeLayout"/>.
/// </summary>
public static class WeightNames
{
    /// <summary>Token embedding [vocab, dim].</summary>
    public const string Embedding = "tok_embeddings";
    /// <summary>Final RMSNorm weight [dim].</summary>
    public const string FinalNorm = "norm";
    /// <summary>Classifier [vocab, dim] (absent when embeddings are tied).</summary>
    public const string Output = "output";

    /// <summary>Attention RMSNorm weight [dim].</summary>
    public static string AttentionNorm(int layer) => $"layers.{layer}.attention_norm";
    /// <summary>Query projection [heads*head, dim].</summary>
    public static string Wq(int layer) => $"layers.{layer}.attention.wq";
    /// <summary>Key projection [kv_heads*head, dim].</summary>
    public static string Wk(int layer) => $"layers.{layer}.attention.wk";
    /// <summary>Value projection [kv_heads*head, dim].</summary>
    public static string Wv(int layer) => $"layers.{layer}.attention.wv";
    /// <summary>Output projection [dim, heads*head].</summary>
    public static string Wo(int layer) => $"layers.{layer}.attention.wo";
    /// <summary>Query bias [heads*head] (Qwen2).</summary>
    public static string Bq(int layer) => $"layers.{layer}.attention.bq";
    /// <summary>Key bias [kv_heads*head] (Qwen2).</summary>
    public static string Bk(int layer) => $"layers.{layer}.attention.bk";
    /// <summary>Value bias [kv_heads*head] (Qwen2).</summary>
    public static string Bv(int layer) => $"layers.{layer}.attention.bv";
    /// <summary>MLP RMSNorm weight [dim].</summary>
    public static string FfnNorm(int layer) => $"layers.{layer}.ffn_norm";
    /// <summary>MLP gate projection [hidden, dim].</summary>
    public static string W1(int layer) => $"layers.{layer}.feed_forward.w1";
    /// <summary>MLP down projection [dim, hidden].</summary>
    public static string W2(int layer) => $"layers.{layer}.feed_forward.w2";
    /// <summary>MLP up projection [hidden, dim].</summary>
    public static string W3(int layer) => $"layers.{layer}.feed_forward.w3";
}
