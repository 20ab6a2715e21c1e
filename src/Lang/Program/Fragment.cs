namespace LlmLang;

/// <summary>
/// A piece of a program appended to a <see cref="ProgramState"/> with <c>+=</c>: constant text, a generation, a selection,
/// a role turn, or several of these in order. Strings convert implicitly to text fragments.
/// </summary>
public abstract record Fragment
{
    /// <summary>Constant text.</summary>
    public static implicit operator Fragment(string text) => new TextFragment(text);

    /// <summary>Both fragments, one after the other.</summary>
    public static Fragment operator +(Fragment first, Fragment second) => new SequenceFragment([first, second]);
}

/// <summary>Constant text.</summary>
/// <param name="Text">The text.</param>
public sealed record TextFragment(string Text) : Fragment;

/// <summary>Fragments in order.</summary>
/// <param name="Parts">The parts.</param>
public sealed record SequenceFragment(IReadOnlyList<Fragment> Parts) : Fragment;

/// <summary>A role turn, or its opening or closing marker alone.</summary>
/// <param name="Role">The speaker.</param>
/// <param name="Content">The content (null for a bare marker).</param>
/// <param name="Opens">Whether the role's prefix is emitted.</param>
/// <param name="Closes">Whether the role's suffix is emitted.</param>
public sealed record RoleFragment(ChatRole Role, Fragment? Content, bool Opens, bool Closes) : Fragment;

/// <summary>Generate text into a variable.</summary>
/// <param name="Spec">What to generate and how.</param>
public sealed record GenFragment(GenSpec Spec) : Fragment;

/// <summary>Choose one of several strings by likelihood and store it in a variable.</summary>
/// <param name="Name">The variable.</param>
/// <param name="Choices">The candidates.</param>
/// <param name="Method">How candidates are compared.</param>
public sealed record SelectFragment(string Name, IReadOnlyList<string> Choices, SelectMethod Method) : Fragment;
