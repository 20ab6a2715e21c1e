namespace LlmLang.Runtime.Models;

/// <summary>Well-known model shapes, for benchmarks with random weights (<c>llmlang bench decode --dummy NAME</c>).</summary>
public static class NamedConfigs
{
    /// <summary>The shapes by name.</summary>
    public static IReadOnlyDictionary<string, ModelConfig> All { get; } = new Dictionary<string, ModelConfig>(StringComparer.OrdinalIgnoreCase)
    {
        // llama2.c TinyStories checkpoints.
        ["stories15M"] = new("llama", Dim: 288, HiddenDim: 768, Layers: 6, Heads: 6, KvHeads: 6, VocabSize: 32000, MaxSeqLen: 256),
        ["stories42M"] = new("llama", Dim: 512, HiddenDim: 1376, Layers: 8, Heads: 8, KvHeads: 8, VocabSize: 32000, MaxSeqLen: 1024),
        ["stories110M"] = new("llama", Dim: 768, HiddenDim: 2048, Layers: 12, Heads: 12, KvHeads: 12, VocabSize: 32000, MaxSeqLen: 1024),
        // Meta Llama 3.2 1B (GQA 32/8, rope_scaling llama3, tied embeddings), stored rotate-half as on Hugging Face.
        ["llama-3.2-1b"] = new("llama", Dim: 2048, HiddenDim: 8192, Layers: 16, Heads: 32, KvHeads: 8, VocabSize: 128256, MaxSeqLen: 4096,
            RopeTheta: 500000f, RopeLayout: RopeLayout.RotateHalf, RopeScaling: new RopeScaling("llama3", 32f, 1f, 4f, 8192)),
    };

    /// <summary>The config named <paramref name="name"/>, or an error listing the names.</summary>
    public static ModelConfig Get(string name) =>
        All.TryGetValue(name, out var config)
            ? config
            : throw new ArgumentException($"unknown model shape \"{name}\" (known: {string.Join(", ", All.Keys)})");
}
