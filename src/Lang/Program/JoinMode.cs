namespace LlmLang;

/// <summary>How <see cref="ProgramState.Join"/> brings branches back.</summary>
public enum JoinMode
{
    /// <summary>The parent gets every branch variable: <c>s["v"]</c> holds the branches' values joined by newlines,
    /// <c>s.Get&lt;string[]&gt;("v")</c> the list, and <c>s["v[i]"]</c> branch i's value. The parent's text is unchanged.</summary>
    GatherVariables,

    /// <summary>As <see cref="GatherVariables"/>, and the text each branch added is appended to the parent, in branch order.</summary>
    ConcatenateText,
}
