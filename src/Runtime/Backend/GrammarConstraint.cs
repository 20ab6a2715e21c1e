using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Matching;
using LlmLang.Runtime.Sampling;

namespace LlmLang.Runtime.Backend;

/// <summary>
/// A compiled grammar as the engine's per-request constraint (<see cref="Engine.GenerationRequest.Constraint"/>): a fresh
/// matcher whose masks gate sampling and which sampled tokens advance. One instance per request.
/// </summary>
/// <param name="grammar">Compiled for the model's tokenizer (see <see cref="GrammarVocabulary.Of"/>).</param>
public sealed class GrammarConstraint(CompiledGrammar grammar) : ITokenConstraint
{
    private readonly GrammarMatcher matcher = grammar.CreateMatcher();
    private readonly int maskWords = grammar.MaskWords;

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
