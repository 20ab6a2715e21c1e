using TorchSharp;
using static TorchSharp.torch;

namespace LlmLang.Runtime.Models;

/// <summary>
/// Deterministic random weights for a config (seeded normal(0, 0.02) matrices, unit norms): for speed measurements at
/// real sizes without real weights, and for invariant tests on many shapes. Not a trained model: its text is noise.
/// </summary>
public static class RandomWeights
{
    /// <summary>Creates weights for every tensor <paramref name="config"/> needs, from <paramref name="seed"/>.</summary>
    public static ModelWeights Create(ModelConfig config, long seed)
    {
        using var generator = new Generator((ulong)seed);
        // Temporaries stay reachable through every native call that reads them (tensors in the scope, the Scalars
        // here): one left to the finalizer can be freed during the call (see Layers/Scalars). TorchSharp's
        // normal(mean, std) is randn * std + mean with temporary Scalars, so it is spelled out.
        using var scope = NewDisposeScope();
        using Scalar std = 0.02.ToScalar(), tenth = 0.1.ToScalar(), one = 1.ToScalar();
        var tensors = new Dictionary<string, Tensor>();
        Tensor Normal(long[] shape, Scalar deviation) => randn(shape, generator: generator).mul_(deviation); // normal(0, σ)
        void Matrix(string name, long rows, long cols) => tensors[name] = Normal([rows, cols], std).DetachFromDisposeScope();
        void Vector(string name, long n, bool ones) =>
            tensors[name] = (ones ? Normal([n], tenth).add_(one, one) : Normal([n], std)).DetachFromDisposeScope();

        int q = config.Heads * config.HeadSize, kv = config.KvDim;
        Matrix(WeightNames.Embedding, config.VocabSize, config.Dim);
        for (int l = 0; l < config.Layers; l++)
        {
            Vector(WeightNames.AttentionNorm(l), config.Dim, ones: true);
            Matrix(WeightNames.Wq(l), q, config.Dim);
            Matrix(WeightNames.Wk(l), kv, config.Dim);
            Matrix(WeightNames.Wv(l), kv, config.Dim);
            Matrix(WeightNames.Wo(l), config.Dim, q);
            if (config.AttentionBias)
            {
                Vector(WeightNames.Bq(l), q, ones: false);
                Vector(WeightNames.Bk(l), kv, ones: false);
                Vector(WeightNames.Bv(l), kv, ones: false);
            }
            Vector(WeightNames.FfnNorm(l), config.Dim, ones: true);
            Matrix(WeightNames.W1(l), config.HiddenDim, config.Dim);
            Matrix(WeightNames.W2(l), config.Dim, config.HiddenDim);
            Matrix(WeightNames.W3(l), config.HiddenDim, config.Dim);
        }
        Vector(WeightNames.FinalNorm, config.Dim, ones: true);
        if (!config.TiedEmbeddings) Matrix(WeightNames.Output, config.VocabSize, config.Dim);
        return new ModelWeights(tensors);
    }
}
