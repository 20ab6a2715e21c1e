using LlmLang.Grammar.Compilation;

namespace LlmLang.Grammar.Matching;

/// <summary>
/// The per-request cursor over a <see cref="CompiledGrammar"/>: fills next-token masks, accepts tokens, rolls back,
/// forks and reports forced continuations. Its state is a set of persistent parser stacks (several when the grammar is
/// ambiguous so far). Cheap to create and copy. Not thread-safe itself: use one per request; any number of matchers
/// on any threads may share one compiled grammar.
/// </summary>
public sealed class GrammarMatcher
{
    private const int MaxJumpForwardBytes = 1 << 16;
    private readonly CompiledGrammar _grammar;
    private readonly PushdownStep _step;
    private readonly StackTokenFilter _filter;
    // _history[0] is the start; one entry per accepted token (or AcceptBytes call); Terminated marks an accepted EOS.
    private readonly List<(StackNode[] Stacks, bool Terminated)> _history;

    internal GrammarMatcher(CompiledGrammar grammar)
        : this(grammar, [([new StackNode(grammar.Automaton.RuleStart[0], null)], false)])
    {
    }

    private GrammarMatcher(CompiledGrammar grammar, List<(StackNode[], bool)> history)
    {
        _grammar = grammar;
        _history = history;
        _step = new PushdownStep(grammar.Automaton, grammar.Limits.MaxLiveStacks);
        _filter = new StackTokenFilter(grammar.MaskCache, grammar.Trie, grammar.Vocabulary, grammar.Automaton, grammar.Limits.MaxLiveStacks);
    }

    /// <summary>The compiled grammar this matcher walks.</summary>
    public CompiledGrammar Grammar => _grammar;

    /// <summary>True when the input so far is a complete sentence, so EOS is allowed now.</summary>
    public bool CanTerminate => !Current.Terminated && _step.CanEnd(Current.Stacks);

    /// <summary>True after EOS was accepted, or when the input is complete and no byte can follow.</summary>
    public bool IsFinished => Current.Terminated || (CanTerminate && !AnyNextByte());

    /// <summary>Number of steps (tokens or <see cref="AcceptBytes"/> calls) that <see cref="Rollback"/> can undo.</summary>
    public int StepCount => _history.Count - 1;

    private (StackNode[] Stacks, bool Terminated) Current => _history[^1];

    /// <summary>
    /// Overwrites the first <see cref="CompiledGrammar.MaskWords"/> words of <paramref name="bitmask"/> with the allowed
    /// next tokens (bit <c>id % 32</c> of word <c>id / 32</c>; set = allowed). EOS is allowed exactly when the grammar
    /// can end; special tokens never are. After EOS was accepted nothing is allowed.
    /// </summary>
    /// <exception cref="ArgumentException">The span is shorter than <see cref="CompiledGrammar.MaskWords"/>.</exception>
    public void FillNextTokenMask(Span<uint> bitmask)
    {
        if (bitmask.Length < _grammar.MaskWords)
            throw new ArgumentException($"mask needs {_grammar.MaskWords} words for {_grammar.Vocabulary.Count} tokens, got {bitmask.Length}", nameof(bitmask));
        var row = bitmask[.._grammar.MaskWords];
        row.Clear();
        if (Current.Terminated) return;
        var stacks = Current.Stacks;
        for (int i = 0; i < stacks.Length; i++)
        {
            bool firstWithTop = true;
            for (int j = 0; j < i && firstWithTop; j++) firstWithTop = stacks[j].State != stacks[i].State;
            _filter.AddAllowed(stacks[i], row, firstWithTop);
        }
        if (_step.CanEnd(stacks))
            foreach (int eos in _grammar.Vocabulary.EosIds) row[eos >> 5] |= 1u << (eos & 31);
    }

    /// <summary>
    /// Fills one mask row per matcher for a batched decode step: row <c>i</c> is
    /// <c>buffer[i * rowWords .. (i + 1) * rowWords)</c>; a null matcher (an unconstrained sequence) gets a row of all
    /// ones. Rows are filled in parallel (distinct matchers may share a compiled grammar).
    /// </summary>
    /// <exception cref="ArgumentException">The buffer is too small, or a matcher needs more than <paramref name="rowWords"/> words.</exception>
    public static void FillNextTokenMasks(IReadOnlyList<GrammarMatcher?> matchers, uint[] buffer, int rowWords, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        ArgumentNullException.ThrowIfNull(buffer);
        if ((long)matchers.Count * rowWords > buffer.Length)
            throw new ArgumentException($"buffer holds {buffer.Length} words, {matchers.Count} rows of {rowWords} need {(long)matchers.Count * rowWords}", nameof(buffer));
        foreach (var matcher in matchers)
            if (matcher is not null && matcher._grammar.MaskWords > rowWords)
                throw new ArgumentException($"a matcher needs {matcher._grammar.MaskWords} words per row, rows have {rowWords}", nameof(rowWords));
        Parallel.For(0, matchers.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            var row = buffer.AsSpan(i * rowWords, rowWords);
            if (matchers[i] is { } matcher)
            {
                matcher.FillNextTokenMask(row);
                row[matcher._grammar.MaskWords..].Clear();
            }
            else row.Fill(uint.MaxValue);
        });
    }

    /// <summary>Advances by one token; returns false (state unchanged) when the grammar does not allow it.</summary>
    public bool Accept(int tokenId)
    {
        var vocabulary = _grammar.Vocabulary;
        if ((uint)tokenId >= (uint)vocabulary.Count || Current.Terminated) return false;
        if (vocabulary.IsSpecial(tokenId))
        {
            if (!vocabulary.EosIds.Contains(tokenId) || !_step.CanEnd(Current.Stacks)) return false;
            _history.Add((Current.Stacks, true));
            return true;
        }
        return vocabulary.IsText(tokenId) && AcceptBytes(vocabulary.GetBytes(tokenId));
    }

    /// <summary>Advances by raw bytes as one step; returns false (state unchanged) when they are not allowed.</summary>
    public bool AcceptBytes(ReadOnlySpan<byte> bytes)
    {
        if (Current.Terminated) return false;
        var next = _step.Advance(Current.Stacks, bytes);
        if (next.Length == 0) return false;
        _history.Add((next, false));
        return true;
    }

    /// <summary>Undoes the last <paramref name="steps"/> steps (for speculative decoding).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, or more than <see cref="StepCount"/>.</exception>
    public void Rollback(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, StepCount);
        _history.RemoveRange(_history.Count - steps, steps);
    }

    /// <summary>An independent matcher in the same state, with the same rollback history (for forks).</summary>
    public GrammarMatcher Copy() => new(_grammar, [.. _history]);

    /// <summary>Back to the start of the grammar (history cleared).</summary>
    public void Reset() => _history.RemoveRange(1, _history.Count - 1);

    /// <summary>
    /// The bytes forced from here: while the grammar cannot end and exactly one byte can follow, that byte. Nothing is
    /// accepted; callers tokenize the bytes and feed the tokens back through <see cref="Accept"/>. The result may end
    /// inside a UTF-8 character.
    /// </summary>
    public byte[] JumpForward()
    {
        var forced = new List<byte>();
        if (Current.Terminated) return [];
        var stacks = Current.Stacks;
        Span<bool> allowed = stackalloc bool[256];
        while (forced.Count < MaxJumpForwardBytes && !_step.CanEnd(stacks))
        {
            _step.NextBytes(stacks, allowed);
            int only = -1;
            for (int b = 0; b < 256; b++)
            {
                if (!allowed[b]) continue;
                if (only >= 0) { only = -2; break; }
                only = b;
            }
            if (only < 0) break;
            forced.Add((byte)only);
            bool touched = false;
            stacks = _step.Advance(stacks, (byte)only, ref touched);
        }
        return forced.ToArray();
    }

    private bool AnyNextByte()
    {
        Span<bool> allowed = stackalloc bool[256];
        _step.NextBytes(Current.Stacks, allowed);
        return allowed.Contains(true);
    }
}
