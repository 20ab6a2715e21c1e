using System.Numerics.Tensors;

namespace LlmLang.Runtime.Sampling;

/// <summary>
/// Picks next tokens for one sequence from its logits, following <see cref="SamplingParams"/>. Holds the sequence's
/// random stream and output-token counts (for penalties), so use one per sequence. Works on CPU float spans, in place.
/// </summary>
public sealed class TokenSampler
{
    private readonly SamplingParams _params;
    private readonly SeededRandom _random;
    private readonly Dictionary<int, int> _outputCounts = new();
    private readonly HashSet<int> _seen = new();

    /// <summary>A sampler for one sequence whose prompt is <paramref name="promptIds"/> (the repetition penalty sees it).</summary>
    public TokenSampler(SamplingParams parameters, IEnumerable<int> promptIds)
    {
        parameters.Validate();
        _params = parameters;
        _random = new SeededRandom(parameters.Seed ?? (ulong)Random.Shared.NextInt64());
        if (parameters.RepetitionPenalty != 1f) _seen.UnionWith(promptIds);
    }

    /// <summary>Records a token as generated (call after each sampled or forced token).</summary>
    public void Observe(int tokenId)
    {
        _outputCounts[tokenId] = _outputCounts.GetValueOrDefault(tokenId) + 1;
        if (_params.RepetitionPenalty != 1f) _seen.Add(tokenId);
    }

    /// <summary>
    /// Processes <paramref name="logits"/> in place and picks a token. <paramref name="allowed"/> (bit i of word i/32 set =
    /// token i allowed) comes from a grammar constraint; tokens outside it are never picked.
    /// </summary>
    /// <exception cref="InvalidOperationException">The mask allows no token.</exception>
    public SampledToken Sample(Span<float> logits, ReadOnlySpan<uint> allowed = default)
    {
        ApplyBiasAndPenalties(logits);
        if (!allowed.IsEmpty) ApplyMask(logits, allowed);

        float max = TensorPrimitives.Max(logits);
        if (float.IsNegativeInfinity(max)) throw new InvalidOperationException("no token is allowed at this step");
        double logSum = LogSoftmax.LogSumExp(logits);
        int chosen = _params.Temperature == 0f ? TensorPrimitives.IndexOfMax(logits) : Draw(logits, max);
        var top = new List<TokenLogprob>();
        if (_params.TopLogprobs is > 0 and var n)
            foreach (int id in Candidates.Top(logits, n)) top.Add(new TokenLogprob(id, (float)(logits[id] - logSum)));
        return new SampledToken(chosen, (float)(logits[chosen] - logSum), top);
    }

    private void ApplyBiasAndPenalties(Span<float> logits)
    {
        if (_params.LogitBias is { } bias)
            foreach (var (id, value) in bias)
                if ((uint)id < (uint)logits.Length) logits[id] += value;
        if (_params.RepetitionPenalty != 1f)
            foreach (int id in _seen)
                logits[id] = logits[id] > 0 ? logits[id] / _params.RepetitionPenalty : logits[id] * _params.RepetitionPenalty;
        if (_params.FrequencyPenalty != 0f || _params.PresencePenalty != 0f)
            foreach (var (id, count) in _outputCounts)
                logits[id] -= count * _params.FrequencyPenalty + _params.PresencePenalty;
    }

    private static void ApplyMask(Span<float> logits, ReadOnlySpan<uint> allowed)
    {
        for (int i = 0; i < logits.Length; i++)
            if ((allowed[i >> 5] & (1u << (i & 31))) == 0) logits[i] = float.NegativeInfinity;
    }

    /// <summary>Temperature, then top-k, top-p and min-p over the surviving candidates, then one draw.</summary>
    private int Draw(Span<float> logits, float max)
    {
        float invTemperature = 1f / _params.Temperature;
        int limit = _params.TopK > 0 ? Math.Min(_params.TopK, logits.Length) : logits.Length;
        bool needsRanking = limit < logits.Length || _params.TopP < 1f;
        if (!needsRanking)
        {
            double total = 0;
            foreach (float v in logits) if (!float.IsNegativeInfinity(v)) total += Math.Exp((v - max) * invTemperature);
            double target = _random.NextDouble() * total;
            double running = 0;
            int last = -1;
            for (int i = 0; i < logits.Length; i++)
            {
                if (float.IsNegativeInfinity(logits[i])) continue;
                double p = Math.Exp((logits[i] - max) * invTemperature);
                if (p < _params.MinP) continue; // p is relative to the top token here (its weight is 1)
                last = i;
                running += p;
                if (running > target) return i;
            }
            return last;
        }

        int[] ranked = Candidates.Ranked(logits, limit, _params.TopP, max, invTemperature);
        var weights = new double[ranked.Length];
        double sum = 0;
        for (int i = 0; i < ranked.Length; i++)
        {
            double w = Math.Exp((logits[ranked[i]] - max) * invTemperature);
            weights[i] = w >= _params.MinP ? w : 0;
            sum += weights[i];
        }
        double pick = _random.NextDouble() * sum, acc = 0;
        for (int i = 0; i < ranked.Length; i++)
        {
            acc += weights[i];
            if (acc > pick && weights[i] > 0) return ranked[i];
        }
        return ranked[0];
    }
}
