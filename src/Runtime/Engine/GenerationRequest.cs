using LlmLang.Runtime.Sampling;

namespace LlmLang.Runtime.Engine;

/// <summary>A prompt (token ids) to continue, how to sample, and an optional constraint.</summary>
/// <param name="PromptIds">The prompt, BOS included if wanted.</param>
/// <param name="Sampling">Sampling and stopping parameters.</param>
/// <param name="Constraint">Restricts which tokens may be generated (a grammar), or null.</param>
public sealed record GenerationRequest(IReadOnlyList<int> PromptIds, SamplingParams Sampling, ITokenConstraint? Constraint = null);

/// <summary>Why generation ended.</summary>
public enum FinishReason
{
    /// <summary>An EOS token, a stop token id or a stop string.</summary>
    Stop,
    /// <summary>max_tokens or the model's context length was reached.</summary>
    Length,
    /// <summary>The constraint's output is complete.</summary>
    ConstraintComplete,
}

/// <summary>A piece of streamed output.</summary>
/// <param name="TokenId">The token just generated.</param>
/// <param name="Text">Text that became safe to show with it (may be empty while a character or stop string is pending).</param>
public readonly record struct GenerationDelta(int TokenId, string Text);

/// <summary>The outcome of one request.</summary>
/// <param name="PromptIds">The prompt.</param>
/// <param name="OutputIds">Generated tokens (a final stop token is not included).</param>
/// <param name="Text">The generated text, cut before any stop string.</param>
/// <param name="FinishReason">Why it ended.</param>
/// <param name="Logprobs">Per output token, when requested.</param>
/// <param name="CachedPromptTokens">Prompt tokens whose K/V were reused rather than computed.</param>
/// <param name="QueueTime">Time from submission to the first forward pass that included it.</param>
/// <param name="PrefillTime">Time of the forward pass that computed its prompt.</param>
/// <param name="DecodeTime">Time from the first to the last generated token.</param>
public sealed record GenerationResult(
    IReadOnlyList<int> PromptIds,
    IReadOnlyList<int> OutputIds,
    string Text,
    FinishReason FinishReason,
    IReadOnlyList<SampledToken>? Logprobs,
    int CachedPromptTokens,
    TimeSpan QueueTime,
    TimeSpan PrefillTime,
    TimeSpan DecodeTime);

/// <summary>A running generation: its deltas as they come, and its result when it ends.</summary>
/// <param name="Deltas">Text deltas; the channel completes (or faults) when the generation ends.</param>
/// <param name="Result">The final result.</param>
public sealed record GenerationStream(System.Threading.Channels.ChannelReader<GenerationDelta> Deltas, Task<GenerationResult> Result);
