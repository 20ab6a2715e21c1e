namespace LlmLang.Runtime.Engine;

/// <summary>
/// A committed prompt prefix whose K/V stay cached until disposed: while it lives, requests whose prompts start with
/// (part of) it reuse its slots instead of recomputing them. Disposing is thread-safe and idempotent.
/// </summary>
public sealed class PrefixHandle : IDisposable
{
    private readonly Action<PrefixHandle> _release;
    private int _released;

    internal PrefixHandle(IReadOnlyList<int> tokens, int reusedTokens, Action<PrefixHandle> release)
    {
        Tokens = tokens;
        ReusedTokens = reusedTokens;
        _release = release;
    }

    /// <summary>The cached tokens.</summary>
    public IReadOnlyList<int> Tokens { get; }

    /// <summary>How many of them were already cached when the prefix was committed (the rest were computed).</summary>
    public int ReusedTokens { get; }

    internal PrefixCache.Entry? Entry { get; set; }

    /// <summary>Lets the cache drop the prefix (once every sequence using its slots has finished).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0) _release(this);
    }
}
