namespace LlmLang.Grammar.Matching;

/// <summary>
/// One frame of a persistent parser stack: an automaton state and the frames below it (null: the bottom). Compared by
/// value, so equal stacks collapse in sets; the hash is computed once and shared tails compare by reference, so deep
/// stacks cost O(1) per comparison in the common case. <see cref="Unknown"/> stands for context the caller does not know.
/// </summary>
/// <param name="State">The automaton state of this frame (negative for <see cref="Unknown"/>).</param>
/// <param name="Parent">The frames below.</param>
/// <param name="Count">In a counted rule, the returns into its loop so far (see <see cref="Automata.PushdownAutomaton.CountLimit"/>); 0 elsewhere.</param>
/// <param name="Items">In a distinct-items rule, its strings so far; null elsewhere, and where they are not known (a
/// frame built from a state alone, as mask cache entries are).</param>
internal sealed record StackNode(int State, StackNode? Parent, int Count = 0, DistinctItems? Items = null)
{
    private readonly int _hash = HashCode.Combine(State, Parent?._hash ?? 0, Count, Items);

    /// <summary>The frames below a state whose cache entry is being computed: unknown context.</summary>
    public static readonly StackNode Unknown = new(-1, null);

    /// <inheritdoc />
    public bool Equals(StackNode? other)
    {
        for (var (a, b) = (this, other); ; (a, b) = (a.Parent, b.Parent))
        {
            if (ReferenceEquals(a, b)) return true;
            if (a is null || b is null || a._hash != b._hash || a.State != b.State || a.Count != b.Count
                || !Equals(a.Items, b.Items)) return false;
        }
    }

    /// <inheritdoc />
    public override int GetHashCode() => _hash;
}
