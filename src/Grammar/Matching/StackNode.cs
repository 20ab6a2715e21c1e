namespace LlmLang.Grammar.Matching;

/// <summary>
/// One frame of a persistent parser stack: an automaton state and the frames below it (null: the bottom). Compared by
/// value, so equal stacks collapse in sets. <see cref="Unknown"/> stands for context the caller does not know.
/// </summary>
/// <param name="State">The automaton state of this frame (negative for <see cref="Unknown"/>).</param>
/// <param name="Parent">The frames below.</param>
internal sealed record StackNode(int State, StackNode? Parent)
{
    /// <summary>The frames below a state whose cache entry is being computed: unknown context.</summary>
    public static readonly StackNode Unknown = new(-1, null);
}
