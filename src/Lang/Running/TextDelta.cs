namespace LlmLang;

/// <summary>
/// A piece of a running program's text. Deltas of one state come in the order of its text; deltas of parallel fork
/// branches interleave, told apart by <see cref="State"/>.
/// </summary>
/// <param name="Text">The new text.</param>
/// <param name="Variable">The variable being generated or selected, or null for constant text and role markers.</param>
/// <param name="State">Which state it extends: 0 for the program's own state, then fork branches numbered as created.</param>
public sealed record TextDelta(string Text, string? Variable, int State = 0);
