using LlmLang.Runtime.Engine;
using LlmLang.Runtime.Layers;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Models;

/// <summary>
/// The Llama-family decoder (Llama, Mistral, Qwen2): embedding, <see cref="ModelConfig.Layers"/> pre-norm blocks of
/// grouped-query attention and SwiGLU, a final RMSNorm and the classifier (tied or separate). One forward pass serves a
/// ragged batch of sequences, each at its own positions, reading and writing K/V through slot indices.
/// Call it from one thread: TorchSharp's dispose scopes and inference mode are per thread.
/// Projection weights are kept transposed, [in, out]: libtorch's CPU kernels read a [1, in] x [in, out] product at
/// memory speed but a tall [out, in] weight at a quarter of it (measured: 32000x288 classifier 1.4 ms vs 5.4 ms).
/// Each layer's RMSNorm weights are folded into the rows of the projection that follows (one op fewer per norm), and
/// rotate-half checkpoints have their q/k rows permuted to adjacent pairs, so decode runs few, large operations.
/// </summary>
public sealed class Transformer : IDisposable
{
    private readonly Tensor? _embedding; // [vocab, dim]; null when tied (rows are read from the classifier's columns)
    private readonly DecoderLayer[] _layers;
    private readonly RmsNorm _finalNorm;
    private readonly Tensor _classifier; // [dim, vocab]
    private readonly Rope _rope;

    /// <summary>Builds the model from canonical weights, copying them onto <paramref name="device"/> (fused where useful).
    /// <paramref name="weights"/> stays owned by the caller.</summary>
    public Transformer(ModelConfig config, ModelWeights weights, Device? device = null)
    {
        Config = config;
        Device = device ?? CPU;
        CheckConfig(config);
        using var scope = NewDisposeScope();
        _rope = new Rope(config, Device);
        var embedding = Take(weights[WeightNames.Embedding], [config.VocabSize, config.Dim], WeightNames.Embedding);
        if (config.TiedEmbeddings)
            _classifier = Keep(embedding.t().contiguous());
        else
        {
            _embedding = Keep(embedding.clone());
            _classifier = Keep(Take(weights[WeightNames.Output], [config.VocabSize, config.Dim], WeightNames.Output).t().contiguous());
        }
        _finalNorm = new RmsNorm(Keep(Take(weights[WeightNames.FinalNorm], [config.Dim], WeightNames.FinalNorm).clone()), config.RmsNormEps);
        _layers = new DecoderLayer[config.Layers];
        for (int l = 0; l < config.Layers; l++) _layers[l] = BuildLayer(config, weights, l);
    }

    /// <summary>The hyper-parameters.</summary>
    public ModelConfig Config { get; }

    /// <summary>Where the weights live and compute runs.</summary>
    public Device Device { get; }

    /// <summary>
    /// Runs the new tokens of every chunk through the model, writing their K/V into the chunks' slots, and returns
    /// logits [rows, vocab] for the rows the chunks asked for, in chunk order (<see cref="SequenceChunk.LogitRows"/> each).
    /// Returns null when no chunk wants logits.
    /// </summary>
    public Tensor? Forward(IReadOnlyList<SequenceChunk> chunks, KvCache cache)
    {
        if (chunks.Count == 0) throw new ArgumentException("a forward pass needs at least one sequence", nameof(chunks));
        var tokenIds = new List<long>();
        var logitRows = new List<long>();
        foreach (var c in chunks)
        {
            if (c.TokenIds.Count == 0) throw new ArgumentException("every sequence chunk needs at least one new token", nameof(chunks));
            if (c.EndPosition > Config.MaxSeqLen)
                throw new ArgumentException($"a sequence reaches position {c.EndPosition}, beyond the model's context of {Config.MaxSeqLen}", nameof(chunks));
            int first = tokenIds.Count;
            foreach (int id in c.TokenIds)
            {
                if ((uint)id >= (uint)Config.VocabSize) throw new ArgumentException($"token id {id} is outside the vocabulary (size {Config.VocabSize})", nameof(chunks));
                tokenIds.Add(id);
            }
            if (c.Logits == LogitsWanted.All) for (int i = 0; i < c.TokenIds.Count; i++) logitRows.Add(first + i);
            else if (c.Logits == LogitsWanted.Last) logitRows.Add(tokenIds.Count - 1);
        }

        using var scope = NewDisposeScope();
        using var meta = AttentionMetadata.Build(chunks, Config, _rope, Device);
        var ids = tensor(tokenIds.ToArray(), device: Device);
        var x = _embedding is null ? _classifier.index_select(1, ids).t().contiguous() : _embedding.index_select(0, ids); // [T, dim]
        foreach (var layer in _layers) x = layer.Forward(x, meta, cache);
        if (logitRows.Count == 0) return null;
        var last = logitRows.Count == tokenIds.Count ? x : x.index_select(0, tensor(logitRows.ToArray(), device: Device));
        return _finalNorm.Forward(last).matmul(_classifier).MoveToOuterDisposeScope();
    }

    private DecoderLayer BuildLayer(ModelConfig c, ModelWeights w, int l)
    {
        int q = c.Heads * c.HeadSize, kv = c.KvDim;
        var attnNorm = Take(w[WeightNames.AttentionNorm(l)], [c.Dim], WeightNames.AttentionNorm(l)).unsqueeze(1);
        var ffnNorm = Take(w[WeightNames.FfnNorm(l)], [c.Dim], WeightNames.FfnNorm(l)).unsqueeze(1);
        var wqkv = Keep(cat([
            RopeRows(Take(w[WeightNames.Wq(l)], [q, c.Dim], WeightNames.Wq(l)), c.Heads),
            RopeRows(Take(w[WeightNames.Wk(l)], [kv, c.Dim], WeightNames.Wk(l)), c.KvHeads),
            Take(w[WeightNames.Wv(l)], [kv, c.Dim], WeightNames.Wv(l))], 0).t().mul(attnNorm).contiguous());
        Tensor? bqkv = null;
        if (c.AttentionBias)
            bqkv = Keep(cat([
                RopeRows(Take(w[WeightNames.Bq(l)], [q], WeightNames.Bq(l)), c.Heads),
                RopeRows(Take(w[WeightNames.Bk(l)], [kv], WeightNames.Bk(l)), c.KvHeads),
                Take(w[WeightNames.Bv(l)], [kv], WeightNames.Bv(l))], 0));
        var wo = Keep(Take(w[WeightNames.Wo(l)], [c.Dim, q], WeightNames.Wo(l)).t().contiguous());
        var w13 = Keep(cat([
            Take(w[WeightNames.W1(l)], [c.HiddenDim, c.Dim], WeightNames.W1(l)),
            Take(w[WeightNames.W3(l)], [c.HiddenDim, c.Dim], WeightNames.W3(l))], 0).t().mul(ffnNorm).contiguous());
        var w2 = Keep(Take(w[WeightNames.W2(l)], [c.Dim, c.HiddenDim], WeightNames.W2(l)).t().contiguous());
        return new DecoderLayer(
            new RmsNorm(null, c.RmsNormEps),
            new Attention(c, l, wqkv, bqkv, wo),
            new RmsNorm(null, c.RmsNormEps),
            new Mlp(w13, w2, c.HiddenDim));
    }

    /// <summary>The tensor as float32 on the model's device, after checking its shape; may alias the input, so callers copy
    /// (cat, contiguous transpose, clone) before keeping it.</summary>
    private Tensor Take(Tensor t, long[] shape, string name)
    {
        if (!t.shape.SequenceEqual(shape))
            throw new ArgumentException($"tensor \"{name}\" has shape [{string.Join(", ", t.shape)}], expected [{string.Join(", ", shape)}]");
        return t.to(float32, Device);
    }

    /// <summary>q/k rows (or biases) in the adjacent-pair layout the RoPE kernel expects.</summary>
    private Tensor RopeRows(Tensor rows, int heads) => Rope.Relayout(rows, heads, Config.RopeLayout, RopeLayout.AdjacentPairs);

    /// <summary>Takes a tensor out of every dispose scope: the model owns it until <see cref="Dispose"/>. Its memory is
    /// read on every step, so it asks for huge pages.</summary>
    private static Tensor Keep(Tensor t)
    {
        var kept = t.DetachFromDisposeScope();
        HugePages.Request(kept);
        return kept;
    }

    private static void CheckConfig(ModelConfig c)
    {
        if (!ModelConfig.SupportedArchitectures.Contains(c.Architecture))
            throw new NotSupportedException($"architecture \"{c.Architecture}\" is not supported (supported: {string.Join(", ", ModelConfig.SupportedArchitectures)})");
        if (c.Heads % c.KvHeads != 0)
            throw new ArgumentException($"{c.Heads} attention heads cannot be grouped over {c.KvHeads} KV heads");
        if (c.HeadSize % 2 != 0) throw new ArgumentException($"head size {c.HeadSize} must be even for RoPE");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _embedding?.Dispose();
        _classifier.Dispose();
        _finalNorm.Dispose();
        foreach (var l in _layers) l.Dispose();
        _rope.Dispose();
    }
}
