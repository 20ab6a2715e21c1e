namespace LlmLang;

/// <summary>
/// What the interpreter needs from a model, in text (like SGLang's backends), so in-process engines and remote
/// servers fit alike. Every call takes a cancellation token; a backend that cannot enforce a requested constraint
/// throws <see cref="NotSupportedException"/> rather than generate unconstrained text.
/// </summary>
public interface ILlmBackend
{
    /// <summary>How roles are rendered for this model.</summary>
    ChatFormat ChatFormat { get; }

    /// <summary>What the backend can enforce.</summary>
    BackendCapabilities Capabilities { get; }

    /// <summary>Continues <see cref="GenerateRequest.Prompt"/>.</summary>
    Task<GenerateResponse> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken);

    /// <summary>Continues the prompt, yielding text as it is produced; the last item carries the final response.</summary>
    IAsyncEnumerable<GenerateChunk> GenerateStreamAsync(GenerateRequest request, CancellationToken cancellationToken);

    /// <summary>Log-probabilities of each choice's tokens as a continuation of the prompt, computed together.</summary>
    Task<ChoiceScores> ScoreChoicesAsync(ScoreRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the backend to compute <paramref name="prefix"/> now and keep it (its KV cache) until the returned lease is
    /// disposed, because several requests starting with it follow (fork branches, batch items: SGLang's cache_program).
    /// A backend without a prefix cache returns a lease with zero usage that does nothing.
    /// </summary>
    Task<IPrefixLease> CachePrefixAsync(string prefix, CancellationToken cancellationToken);
}

/// <summary>A prefix held in a backend's cache until disposed.</summary>
public interface IPrefixLease : IAsyncDisposable
{
    /// <summary>What committing the prefix cost: its prompt tokens and how many of them were already cached.</summary>
    Usage Usage { get; }
}

/// <summary>What a backend supports.</summary>
/// <param name="Constraints">The constraint kinds it enforces.</param>
/// <param name="PrefixCaching">Whether <see cref="ILlmBackend.CachePrefixAsync"/> really keeps prefixes.</param>
public sealed record BackendCapabilities(IReadOnlySet<ConstraintKind> Constraints, bool PrefixCaching);

/// <summary>A generation request.</summary>
/// <param name="Prompt">The whole text so far (roles already rendered).</param>
/// <param name="Sampling">Sampling and stopping.</param>
/// <param name="Constraint">The constraint on the output, or null.</param>
public sealed record GenerateRequest(string Prompt, SamplingOptions Sampling, Constraint? Constraint = null);

/// <summary>Sampling and stopping parameters of one generation.</summary>
public sealed record SamplingOptions
{
    /// <summary>Most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 128;
    /// <summary>Temperature (0: greedy).</summary>
    public double Temperature { get; init; } = 1.0;
    /// <summary>Top-p.</summary>
    public double TopP { get; init; } = 1.0;
    /// <summary>Top-k (0: off).</summary>
    public int TopK { get; init; }
    /// <summary>Min-p (0: off).</summary>
    public double MinP { get; init; }
    /// <summary>Seed for reproducible sampling, or null.</summary>
    public ulong? Seed { get; init; }
    /// <summary>Strings that end generation (excluded from the text).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];
}

/// <summary>Token counts of one call.</summary>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="CachedPromptTokens">Prompt tokens served from the backend's prefix cache instead of computed.</param>
/// <param name="CompletionTokens">Tokens generated (or scored).</param>
public sealed record Usage(int PromptTokens, int CachedPromptTokens, int CompletionTokens);

/// <summary>A generation's result.</summary>
/// <param name="Text">The generated text (stop strings excluded).</param>
/// <param name="FinishReason"><c>stop</c>, <c>length</c> or a backend-specific reason.</param>
/// <param name="Usage">Token counts.</param>
public sealed record GenerateResponse(string Text, string FinishReason, Usage Usage);

/// <summary>A streamed piece of a generation; <see cref="Final"/> is set on the last one.</summary>
/// <param name="Delta">New text.</param>
/// <param name="Final">The complete response, on the last chunk only.</param>
public sealed record GenerateChunk(string Delta, GenerateResponse? Final = null);

/// <summary>
/// A request to score choices as continuations of a prompt. Token healing, in two parts:
/// <list type="number">
/// <item>The interpreter moves the program text's trailing spaces and tabs out of <see cref="Prompt"/> and onto the
/// front of every choice (text "Answer: " with choice "yes" is sent as prompt "Answer:" and choice " yes"), because
/// tokenizers attach a leading space to the word after it: scoring "yes" after a lone space token would score a
/// tokenization the model rarely produces. Newlines stay in the prompt. The variable still receives the choice as
/// written, and the program text keeps its space.</item>
/// <item>The backend tokenizes <c>Prompt</c> and <c>Prompt + choice</c> (no special tokens between them) and scores the
/// tokens of <c>Prompt + choice</c> after their longest common token prefix with the tokens of <c>Prompt</c>, so a choice
/// that still merges with the prompt's last characters is scored as the model would produce it.</item>
/// </list>
/// </summary>
/// <param name="Prompt">The text before the choices (without trailing spaces or tabs).</param>
/// <param name="Choices">The candidates, with the prompt's trailing spaces or tabs in front.</param>
/// <param name="Unconditional">Also score each choice without the prompt (for <see cref="SelectMethod.UnconditionalLikelihoodNormalized"/>).</param>
public sealed record ScoreRequest(string Prompt, IReadOnlyList<string> Choices, bool Unconditional = false);

/// <summary>Per choice, the natural-log probability of each of its scored tokens; the interpreter applies the select method.</summary>
/// <param name="TokenLogprobs">Given the prompt: [choice][token], in the order of <see cref="ScoreRequest.Choices"/>; every choice has at least one token.</param>
/// <param name="UnconditionalTokenLogprobs">When asked: the same tokens scored with no prompt before them (only the
/// model's start token, if it has one); a first token with nothing to condition on is reported as 0.</param>
/// <param name="Usage">Token counts of the scoring pass.</param>
public sealed record ChoiceScores(IReadOnlyList<float[]> TokenLogprobs, IReadOnlyList<float[]>? UnconditionalTokenLogprobs, Usage Usage);
