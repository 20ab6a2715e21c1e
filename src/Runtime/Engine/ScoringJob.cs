namespace LlmLang.Runtime.Engine;

/// <summary>
/// Log-probabilities of several continuations of one prompt, computed in one forward pass: the prompt (all but its last
/// token) once, then per continuation the last prompt token and the continuation but its last token, so that row j of
/// a continuation's logits predicts its token j.
/// </summary>
internal sealed class ScoringJob(IReadOnlyList<int> prompt, IReadOnlyList<IReadOnlyList<int>> continuations, CancellationToken cancellation)
{
    public IReadOnlyList<int> Prompt { get; } = prompt;
    public IReadOnlyList<IReadOnlyList<int>> Continuations { get; } = continuations;
    public CancellationToken Cancellation { get; } = cancellation;
    public TaskCompletionSource<ScoringResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Prompt tokens whose K/V came from the prefix cache.</summary>
    public int ReusedTokens { get; set; }

    /// <summary>Every KV slot the job holds while it runs.</summary>
    public List<int> Slots { get; } = new();

    /// <summary>Slots the job needs: the shared prompt once, plus each continuation's own positions.</summary>
    public int SlotsNeeded => Prompt.Count - 1 + Continuations.Sum(c => c.Count);
}

/// <summary>Per continuation, the log-probability of each of its tokens; and how many prompt tokens were served from the cache.</summary>
/// <param name="Logprobs">[continuation][token].</param>
/// <param name="CachedPromptTokens">Prompt tokens whose K/V were reused.</param>
public sealed record ScoringResult(IReadOnlyList<float[]> Logprobs, int CachedPromptTokens);
