namespace LlmLang.Runtime.Sampling;

/// <summary>A token with its log-probability.</summary>
/// <param name="TokenId">The token.</param>
/// <param name="Logprob">Natural-log probability under the processed distribution (after bias, penalties and mask; before temperature).</param>
public readonly record struct TokenLogprob(int TokenId, float Logprob);

/// <summary>The token a sampler picked, with its logprob and the most likely alternatives when asked for.</summary>
/// <param name="TokenId">The chosen token.</param>
/// <param name="Logprob">Its log-probability.</param>
/// <param name="TopAlternatives">The most likely tokens, best first (empty unless requested).</param>
public sealed record SampledToken(int TokenId, float Logprob, IReadOnlyList<TokenLogprob> TopAlternatives);
