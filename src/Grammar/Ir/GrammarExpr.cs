namespace LlmLang.Grammar.Ir;

/// <summary>
/// A node of the grammar intermediate representation shared by every front end (regex, JSON Schema, EBNF, choices)
/// and lowered by the compiler to byte-level automata. Nodes are immutable; text is Unicode, lowered to UTF-8 bytes.
/// </summary>
public abstract record GrammarExpr;

/// <summary>Matches exactly these bytes (usually UTF-8 text). Empty matches the empty string.</summary>
/// <param name="Bytes">The bytes to match.</param>
public sealed record LiteralExpr(byte[] Bytes) : GrammarExpr
{
    /// <summary>A literal for the UTF-8 encoding of <paramref name="text"/>.</summary>
    public static LiteralExpr Text(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    /// <inheritdoc />
    public bool Equals(LiteralExpr? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(Bytes);
        return h.ToHashCode();
    }
}

/// <summary>An inclusive range of Unicode scalar values (or of bytes, for <see cref="ByteClassExpr"/>).</summary>
/// <param name="First">Lowest value.</param>
/// <param name="Last">Highest value.</param>
public readonly record struct CodeRange(int First, int Last);

/// <summary>One Unicode scalar value from a set of ranges (already complemented if the source said "not").</summary>
/// <param name="Ranges">Sorted, non-overlapping ranges of scalar values (surrogates excluded).</param>
public sealed record CharClassExpr(IReadOnlyList<CodeRange> Ranges) : GrammarExpr
{
    /// <inheritdoc />
    public bool Equals(CharClassExpr? other) => other is not null && Ranges.SequenceEqual(other.Ranges);

    /// <inheritdoc />
    public override int GetHashCode() => Ranges.Aggregate(17, (h, r) => HashCode.Combine(h, r));
}

/// <summary>One raw byte from a set of byte ranges (for byte-level grammars, e.g. GBNF <c>\x80</c> escapes).</summary>
/// <param name="Ranges">Sorted, non-overlapping ranges of byte values 0..255.</param>
public sealed record ByteClassExpr(IReadOnlyList<CodeRange> Ranges) : GrammarExpr
{
    /// <inheritdoc />
    public bool Equals(ByteClassExpr? other) => other is not null && Ranges.SequenceEqual(other.Ranges);

    /// <inheritdoc />
    public override int GetHashCode() => Ranges.Aggregate(19, (h, r) => HashCode.Combine(h, r));
}

/// <summary>The items one after another. An empty sequence matches the empty string.</summary>
/// <param name="Items">The parts, in order.</param>
public sealed record SequenceExpr(IReadOnlyList<GrammarExpr> Items) : GrammarExpr
{
    /// <inheritdoc />
    public bool Equals(SequenceExpr? other) => other is not null && Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override int GetHashCode() => Items.Aggregate(23, (h, e) => HashCode.Combine(h, e));
}

/// <summary>Any one of the alternatives. No alternatives matches nothing.</summary>
/// <param name="Alternatives">The alternatives.</param>
public sealed record ChoiceExpr(IReadOnlyList<GrammarExpr> Alternatives) : GrammarExpr
{
    /// <inheritdoc />
    public bool Equals(ChoiceExpr? other) => other is not null && Alternatives.SequenceEqual(other.Alternatives);

    /// <inheritdoc />
    public override int GetHashCode() => Alternatives.Aggregate(29, (h, e) => HashCode.Combine(h, e));
}

/// <summary><paramref name="Item"/> repeated between <paramref name="Min"/> and <paramref name="Max"/> times (null: unbounded).</summary>
/// <param name="Item">The repeated part.</param>
/// <param name="Min">Fewest repetitions.</param>
/// <param name="Max">Most repetitions, or null for no limit.</param>
public sealed record RepeatExpr(GrammarExpr Item, int Min, int? Max) : GrammarExpr;

/// <summary>
/// A run of at most <paramref name="Max"/> bytes from <paramref name="Bytes"/>, such as the whitespace between JSON
/// tokens. Runs that meet (one begins where another ended, nothing read between) share the bound: together they read at
/// most <paramref name="Max"/> bytes. The compiler counts a run's bytes in the states of its automaton without building
/// a set of NFA states per count. A grammar's runs all have the same bytes and bound, and where a run may read a byte,
/// nothing else may read that byte (<see cref="Compilation.GrammarException"/> otherwise).
/// </summary>
/// <param name="Bytes">Sorted, non-overlapping ranges of byte values 0..255.</param>
/// <param name="Max">Most bytes in a run (at least 1).</param>
public sealed record ByteRunExpr(IReadOnlyList<CodeRange> Bytes, int Max) : GrammarExpr
{
    /// <inheritdoc />
    public bool Equals(ByteRunExpr? other) => other is not null && Max == other.Max && Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc />
    public override int GetHashCode() => Bytes.Aggregate(Max, (h, r) => HashCode.Combine(h, r));
}

/// <summary>
/// A byte-level DFA, lowered state for state: what a combination of string keywords (patterns, formats, lengths)
/// compiles to, kept as an automaton instead of being turned back into a (possibly much larger) expression.
/// </summary>
/// <param name="Next">256 targets per state (state 0 starts), -1 where the byte is not allowed.</param>
/// <param name="Final">Per state, whether the text may end there.</param>
public sealed record ByteAutomatonExpr(int[] Next, bool[] Final) : GrammarExpr
{
    /// <inheritdoc />
    public bool Equals(ByteAutomatonExpr? other) => other is not null && Next.AsSpan().SequenceEqual(other.Next) && Final.AsSpan().SequenceEqual(other.Final);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Next.AsSpan()));
        return h.ToHashCode();
    }
}

/// <summary>
/// The texts of <paramref name="Automaton"/> that enter its <paramref name="Counted"/> states at most
/// <paramref name="MaxCount"/> times: a long length limit on a pattern or format (the counted states are the character
/// boundaries). Lowered to a rule whose parser frame does the counting, so the automaton is not copied once per count.
/// </summary>
/// <param name="Automaton">The text's automaton.</param>
/// <param name="Counted">Per automaton state, whether entering it counts one.</param>
/// <param name="MaxCount">Most counts.</param>
public sealed record CountedAutomatonExpr(ByteAutomatonExpr Automaton, bool[] Counted, int MaxCount) : GrammarExpr
{
    /// <inheritdoc />
    public bool Equals(CountedAutomatonExpr? other) =>
        other is not null && MaxCount == other.MaxCount && Automaton.Equals(other.Automaton) && Counted.AsSpan().SequenceEqual(other.Counted);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Automaton, MaxCount);
}

/// <summary>A reference to a named rule of the enclosing <see cref="GrammarDefinition"/> (this is how recursion is written).</summary>
/// <param name="Name">The rule's name.</param>
public sealed record RuleRefExpr(string Name) : GrammarExpr;
