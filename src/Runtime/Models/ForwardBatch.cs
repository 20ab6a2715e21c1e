namespace LlmLang.Runtime.Models;

/// <summary>Which logits a sequence wants back from a forward pass.</summary>
public enum LogitsWanted
{
    /// <summary>Only after the last new token (generation).</summary>
    Last,
    /// <summary>After every new token (scoring, e.g. select's choice logprobs).</summary>
    All,
    /// <summary>None (prefilling a shared prefix).</summary>
    None,
}

/// <summary>
/// One sequence's part of a forward pass: new tokens at positions <c>StartPosition …</c>, and the sequence's KV slot
/// table covering every position up to the last new token (earlier positions' K/V are already in their slots).
/// </summary>
/// <param name="TokenIds">The new tokens.</param>
/// <param name="StartPosition">Position of the first new token (= number of tokens already in the KV cache).</param>
/// <param name="Slots">KV slot of each position 0 … StartPosition + TokenIds.Count - 1.</param>
/// <param name="Logits">Which logits to return.</param>
public sealed record SequenceChunk(IReadOnlyList<int> TokenIds, int StartPosition, IReadOnlyList<int> Slots, LogitsWanted Logits = LogitsWanted.Last)
{
    /// <summary>Context length after this chunk.</summary>
    public int EndPosition => StartPosition + TokenIds.Count;

    /// <summary>Rows this chunk contributes to the returned logits.</summary>
    public int LogitRows => Logits switch { LogitsWanted.All => TokenIds.Count, LogitsWanted.Last => 1, _ => 0 };
}
