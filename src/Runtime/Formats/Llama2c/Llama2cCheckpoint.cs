using LlmLang.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Formats.Llama2c;

/// <summary>
/// Reads llama2.c checkpoints: a header of 7 int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len;
/// negative vocab_size means a separate classifier), then float32 tensors with each kind stacked over the layers,
/// two legacy RoPE tables, and the classifier when not shared. q/k rows are in the adjacent-pairs layout.
/// </summary>
public static class Llama2cCheckpoint
{
    private const int HeaderBytes = 7 * sizeof(int);

    /// <summary>Reads only the header.</summary>
    /// <exception cref="ModelFormatException">The header is truncated or implausible.</exception>
    public static ModelConfig ReadConfig(string path)
    {
        using var stream = Open(path);
        return ReadHeader(path, stream);
    }

    /// <summary>Reads the configuration and every tensor, by canonical name (<see cref="WeightNames"/>).</summary>
    /// <exception cref="ModelFormatException">The file is missing, truncated, or its size disagrees with its header.</exception>
    public static (ModelConfig Config, ModelWeights Weights) Read(string path)
    {
        using var stream = Open(path);
        var config = ReadHeader(path, stream);
        long expected = ExpectedSize(config);
        if (stream.Length != expected)
            throw new ModelFormatException(path, stream.Length < expected
                ? $"truncated llama2.c checkpoint: {stream.Length} bytes, the header (dim {config.Dim}, hidden {config.HiddenDim}, {config.Layers} layers, vocab {config.VocabSize}) implies {expected}"
                : $"{stream.Length - expected} bytes beyond the {expected} that the header (dim {config.Dim}, hidden {config.HiddenDim}, {config.Layers} layers, vocab {config.VocabSize}) implies; not a llama2.c checkpoint of this shape");
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            using var buffered = new BufferedStream(stream, 1 << 20);
            long L = config.Layers, dim = config.Dim, hidden = config.HiddenDim, kv = config.KvDim, vocab = config.VocabSize;
            tensors[WeightNames.Embedding] = Read(buffered, vocab, dim);
            PerLayer(tensors, Read(buffered, L, dim), WeightNames.AttentionNorm);
            PerLayer(tensors, Read(buffered, L, dim, dim), WeightNames.Wq);
            PerLayer(tensors, Read(buffered, L, kv, dim), WeightNames.Wk);
            PerLayer(tensors, Read(buffered, L, kv, dim), WeightNames.Wv);
            PerLayer(tensors, Read(buffered, L, dim, dim), WeightNames.Wo);
            PerLayer(tensors, Read(buffered, L, dim), WeightNames.FfnNorm);
            PerLayer(tensors, Read(buffered, L, hidden, dim), WeightNames.W1);
            PerLayer(tensors, Read(buffered, L, dim, hidden), WeightNames.W2);
            PerLayer(tensors, Read(buffered, L, hidden, dim), WeightNames.W3);
            tensors[WeightNames.FinalNorm] = Read(buffered, dim);
            buffered.Seek(RopeTableBytes(config), SeekOrigin.Current);
            if (!config.TiedEmbeddings) tensors[WeightNames.Output] = Read(buffered, vocab, dim);
            return (config, new ModelWeights(tensors));
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelFormatException(path, "file not found", e);
        }
    }

    private static ModelConfig ReadHeader(string path, Stream stream)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
            throw new ModelFormatException(path, $"truncated llama2.c checkpoint: shorter than its {HeaderBytes}-byte header");
        var h = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(header);
        int dim = h[0], hidden = h[1], layers = h[2], heads = h[3], kvHeads = h[4], vocab = h[5], seqLen = h[6];
        bool plausible = dim > 0 && hidden > 0 && layers > 0 && heads > 0 && kvHeads > 0 && vocab != 0 && seqLen > 0
            && dim % heads == 0 && heads % kvHeads == 0 && (dim / heads) % 2 == 0
            && dim <= 1 << 16 && hidden <= 1 << 18 && layers <= 1024 && Math.Abs((long)vocab) <= 1 << 22 && seqLen <= 1 << 22;
        if (!plausible)
            throw new ModelFormatException(path,
                $"not a llama2.c checkpoint: header dim {dim}, hidden_dim {hidden}, n_layers {layers}, n_heads {heads}, n_kv_heads {kvHeads}, vocab_size {vocab}, seq_len {seqLen} is not a valid shape");
        return new ModelConfig("llama", dim, hidden, layers, heads, kvHeads, Math.Abs(vocab), seqLen,
            RopeLayout: RopeLayout.AdjacentPairs, TiedEmbeddings: vocab > 0);
    }

    private static long ExpectedSize(ModelConfig c)
    {
        long L = c.Layers, dim = c.Dim, hidden = c.HiddenDim, kv = c.KvDim, vocab = c.VocabSize;
        long floats = vocab * dim + L * dim * 2 + L * dim * dim * 2 + L * kv * dim * 2 + L * hidden * dim * 3 + dim
            + (c.TiedEmbeddings ? 0 : vocab * dim);
        return HeaderBytes + floats * sizeof(float) + RopeTableBytes(c);
    }

    // freq_cis_real and freq_cis_imag, [seq_len, head_size / 2] each; the runtime computes its own.
    private static long RopeTableBytes(ModelConfig c) => 2L * c.MaxSeqLen * (c.HeadSize / 2) * sizeof(float);

    private static Tensor Read(Stream stream, params long[] shape) => TensorBytes.ReadFloat32(stream, ScalarType.Float32, shape);

    // Each layer's tensor is a view into the stacked block, which lives as long as any of them (no copy).
    private static void PerLayer(Dictionary<string, Tensor> tensors, Tensor stacked, Func<int, string> name)
    {
        using (stacked)
            for (int l = 0; l < stacked.shape[0]; l++) tensors[name(l)] = stacked[l];
    }
}
