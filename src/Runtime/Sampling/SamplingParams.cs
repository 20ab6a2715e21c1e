namespace LlmLang.Runtime.Sampling;

/// <summary>
/// How to pick each next token and when to stop, per request (the OpenAI/vLLM knobs).
/// Filters apply in this order: logit bias, penalties, constraint mask, temperature, top-k, top-p, min-p.
/// </summary>
public sealed record SamplingParams
{
    /// <summary>Softmax temperature; 0 means greedy (argmax).</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Keep only the k most likely tokens (0: off).</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of tokens whose probability sums to at least p (1: off).</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Drop tokens whose probability is below min_p times the top token's (0: off).</summary>
    public float MinP { get; init; }

    /// <summary>Hugging Face style: logits of tokens already in prompt or output are divided (if positive) or multiplied by it (1: off).</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>OpenAI style: subtracted once per earlier occurrence in the output.</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>OpenAI style: subtracted once if the token occurs in the output.</summary>
    public float PresencePenalty { get; init; }

    /// <summary>Added to the logits of the given token ids.</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }

    /// <summary>Seed of this request's random stream: the same seed gives the same output. Null: a fresh random seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>Token ids that end generation (in addition to the tokenizer's EOS unless <see cref="IgnoreEos"/>); not part of the text.</summary>
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];

    /// <summary>Strings that end generation; the text is cut before the first occurrence. They may span tokens.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Keep generating past EOS (for benchmarks).</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>Return the log-probability of each chosen token and this many top alternatives (null: no logprobs).</summary>
    public int? TopLogprobs { get; init; }

    /// <summary>Greedy decoding with nothing else set.</summary>
    public static SamplingParams Greedy { get; } = new() { Temperature = 0f };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first out-of-range field.</summary>
    public void Validate()
    {
        if (Temperature < 0 || float.IsNaN(Temperature)) throw new ArgumentException($"temperature must be >= 0 (got {Temperature})");
        if (TopK < 0) throw new ArgumentException($"top_k must be >= 0 (got {TopK})");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException($"top_p must be in (0, 1] (got {TopP})");
        if (!(MinP >= 0 && MinP <= 1)) throw new ArgumentException($"min_p must be in [0, 1] (got {MinP})");
        if (!(RepetitionPenalty > 0)) throw new ArgumentException($"repetition_penalty must be > 0 (got {RepetitionPenalty})");
        if (MaxTokens < 0) throw new ArgumentException($"max_tokens must be >= 0 (got {MaxTokens})");
        if (TopLogprobs is < 0 or > 20) throw new ArgumentException($"top_logprobs must be in [0, 20] (got {TopLogprobs})");
        if (StopStrings.Any(string.IsNullOrEmpty)) throw new ArgumentException("stop strings must not be empty");
    }
}
