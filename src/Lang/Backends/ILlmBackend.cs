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
