using LlmLang.Runtime.Models;
using LlmLang.Runtime.Tokenization;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Gguf;

/// <summary>
/// Reads a GGUF model: hyper-parameters from <c>{arch}.*</c> metadata, tensors by llama.cpp's names (dequantised to
/// float32), the vocabulary from <c>tokenizer.ggml.*</c>. Architectures <c>llama</c> and <c>mistral</c> store q/k in the
/// adjacent-pairs RoPE layout (llama.cpp's converter permutes Hugging Face weights); <c>qwen2</c> keeps rotate-half.
/// </summary>
public static class GgufModelReader
{
    /// <summary>Architectures this reader accepts (as <c>general.architecture</c> spells them).</summary>
    public static readonly IReadOnlyList<string> Architectures = ["llama", "mistral", "qwen2"];

    /// <summary>The configuration, weights, vocabulary (null when the file has none) and sampling defaults
    /// (<c>general.sampling.*</c>; EOS/BOS from the vocabulary) of a GGUF model.</summary>
    /// <exception cref="ModelFormatException">The file is malformed, unsupported, or disagrees with itself.</exception>
    public static (ModelConfig Config, ModelWeights Weights, TokenizerSpec? Tokenizer, GenerationDefaults Generation) Read(string path)
    {
        using var file = GgufFile.Open(path);
        var config = ReadConfig(file);
        var tokenizer = GgufTokenizerMetadata.Read(file);
        if (tokenizer is not null && tokenizer.Tokens.Count > config.VocabSize)
            throw new ModelFormatException(path, $"the vocabulary has {tokenizer.Tokens.Count} tokens but token_embd.weight has only {config.VocabSize} rows");
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var slot in ModelTensors.For(config))
            {
                if (!file.Tensors.TryGetValue(slot.GgufName, out var info))
                    throw new ModelFormatException(path, $"tensor \"{slot.GgufName}\" is missing");
                ModelTensors.CheckShape(path, slot.GgufName, slot, info.Shape);
                tensors[slot.Name] = file.ReadTensor(info);
            }
            var generation = GgufSamplingMetadata.Read(file, tokenizer?.EosIds ?? [], tokenizer?.BosId);
            return (config, new ModelWeights(tensors), tokenizer, generation);
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }

    private static ModelConfig ReadConfig(GgufFile file)
    {
        string arch = file.GetString("general.architecture")
            ?? throw new ModelFormatException(file.Path, "general.architecture is missing");
        if (!Architectures.Contains(arch))
            throw new ModelFormatException(file.Path, $"architecture \"{arch}\" is not supported (supported: {string.Join(", ", Architectures)})");
        int dim = Required(file, arch, "embedding_length");
        int heads = Required(file, arch, "attention.head_count");
        int headDim = Optional(file, $"{arch}.attention.key_length") ?? dim / heads;
        if (Optional(file, $"{arch}.rope.dimension_count") is int ropeDims && ropeDims != headDim)
            throw new ModelFormatException(file.Path, $"{arch}.rope.dimension_count is {ropeDims} but heads are {headDim} wide; partial RoPE is not supported");
        float ropeTheta = (float)(file.GetFloat($"{arch}.rope.freq_base") ?? 10000.0);
        var embedding = file.Tensors.GetValueOrDefault("token_embd.weight")
            ?? throw new ModelFormatException(file.Path, "tensor \"token_embd.weight\" is missing");
        bool tied = !file.Tensors.ContainsKey("output.weight");
        return new ModelConfig(
            arch,
            dim,
            Required(file, arch, "feed_forward_length"),
            Required(file, arch, "block_count"),
            heads,
            Optional(file, $"{arch}.attention.head_count_kv") ?? heads,
            (int)embedding.Shape[0],
            Required(file, arch, "context_length"),
            RopeTheta: ropeTheta,
            RmsNormEps: (float)(file.GetFloat($"{arch}.attention.layer_norm_rms_epsilon") ?? 1e-5),
            RopeLayout: arch == "qwen2" ? RopeLayout.RotateHalf : RopeLayout.AdjacentPairs,
            RopeScaling: GgufRopeScaling.Read(file, arch, headDim, ropeTheta),
            TiedEmbeddings: tied,
            AttentionBias: file.Tensors.ContainsKey("blk.0.attn_q.bias"),
            HeadDim: headDim == dim / heads ? 0 : headDim);
    }

    private static int Required(GgufFile file, string arch, string key) =>
        Optional(file, $"{arch}.{key}") ?? throw new ModelFormatException(file.Path, $"metadata \"{arch}.{key}\" is missing");

    private static int? Optional(GgufFile file, string key) => file.GetInteger(key) switch
    {
        null => null,
        long v when v > 0 && v <= int.MaxValue => (int)v,
        long v => throw new ModelFormatException(file.Path, $"metadata \"{key}\" is {v}; it must be a positive int32"),
    };
}
