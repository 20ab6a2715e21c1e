using LlmLang.Grammar.Matching;
using LlmLang.Runtime.Sampling;

namespace LlmLang.Runtime.Backend;

/// <summary>A grammar matcher as the engine's per-request constraint: its masks gate sampling, sampled tokens advance it.</summary>
internal sealed class GrammarConstraint(GrammarMatcher matcher, int maskWords) : ITokenConstraint
{
    /// <inheritdoc />
    public void FillAllowed(Span<uint> bitmask)
    {
        // The model may have more rows than the tokenizer has ids (padding); those stay disallowed.
        if (bitmask.Length >= maskWords)
        {
            matcher.FillNextTokenMask(bitmask[..maskWords]);
            return;
        }
        var full = new uint[maskWords];
        matcher.FillNextTokenMask(full);
        full.AsSpan(0, bitmask.Length).CopyTo(bitmask);
    }

    /// <inheritdoc />
    public bool Accept(int tokenId) => matcher.Accept(tokenId);

    /// <inheritdoc />
    public bool IsComplete => matcher.IsFinished;
}
