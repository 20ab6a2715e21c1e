namespace LlmLang.Runtime.Models;

/// <summary>How RoPE pairs up the dimensions of a head.</summary>
public enum RopeLayout
{
    /// <summary>Rotate adjacent pairs (2i, 2i+1): llama2.c and GGUF.</summary>
    AdjacentPairs,

    /// <summary>Rotate the first half against the second (i, i + d/2): Hugging Face checkpoints.</summary>
    RotateHalf,
}

/// <summary>RoPE frequency scaling (Llama 3's <c>rope_scaling</c> type <c>llama3</c>; linear).</summary>
/// <param name="Type"><c>llama3</c> or <c>linear</c>.</param>
/// <param name="Factor">Scaling factor.</param>
/// <param name="LowFreqFactor">llama3: low-frequency factor.</param>
/// <param name="HighFreqFactor">llama3: high-frequency factor.</param>
/// <param name="OriginalMaxPositions">llama3: the original context length.</param>
public sealed record RopeScaling(string Type, float Factor, float LowFreqFactor = 1f, float HighFreqFactor = 4f, int OriginalMaxPositions = 8192);

/// <summary>Hyper-parameters of a Llama-family decoder (Llama, Mistral, Qwen2).</summary>
/// <param name="Architecture"><c>llama</c>, <c>mistral</c> or <c>qwen2</c>.</param>
/// <param name="Dim">Model (embedding) width.</param>
/// <param name="HiddenDim">MLP inner width.</param>
/// <param name="Layers">Number of decoder layers.</param>
/// <param name="Heads">Query heads.</param>
/// <param name="KvHeads">Key/value heads (grouped-query attention when fewer than <paramref name="Heads"/>).</param>
/// <param name="VocabSize">Vocabulary size (rows of the embedding).</param>
/// <param name="MaxSeqLen">Longest supported context.</param>
/// <param name="RopeTheta">RoPE base.</param>
/// <param name="RmsNormEps">RMSNorm epsilon.</param>
/// <param name="RopeLayout">Pairing of RoPE dimensions in the stored q/k weights.</param>
/// <param name="RopeScaling">Optional frequency scaling.</param>
/// <param name="TiedEmbeddings">True when the classifier reuses the token embedding.</param>
/// <param name="AttentionBias">True when q/k/v projections have biases (Qwen2).</param>
/// <param name="HeadDim">Width of one head (usually <c>Dim / Heads</c>).</param>
public sealed record ModelConfig(
    string Architecture,
    int Dim,
    int HiddenDim,
    int Layers,
    int Heads,
    int KvHeads,
    int VocabSize,
    int MaxSeqLen,
    float RopeTheta = 10000f,
    float RmsNormEps = 1e-5f,
    RopeLayout RopeLayout = RopeLayout.AdjacentPairs,
    RopeScaling? RopeScaling = null,
    bool TiedEmbeddings = true,
    bool AttentionBias = false,
    int HeadDim = 0)
{
    /// <summary>Architectures this runtime implements.</summary>
    public static readonly IReadOnlyList<string> SupportedArchitectures = ["llama", "mistral", "qwen2"];

    /// <summary>Width of one attention head.</summary>
    public int HeadSize => HeadDim > 0 ? HeadDim : Dim / Heads;

    /// <summary>Total width of the key (or value) projection.</summary>
    public int KvDim => KvHeads * HeadSize;
}
