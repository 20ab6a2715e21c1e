namespace LlmLang.Generators.Model;

/// <summary>What a traced step of a program does.</summary>
internal enum NodeKind
{
    /// <summary>Constant text appended to the state.</summary>
    Text,
    /// <summary>Text taken from a program argument.</summary>
    Argument,
    /// <summary>Text computed at run time (an expression the generator does not evaluate).</summary>
    Expression,
    /// <summary>Start of a chat role block.</summary>
    RoleBegin,
    /// <summary>End of a chat role block.</summary>
    RoleEnd,
    /// <summary>A generation into a variable.</summary>
    Gen,
    /// <summary>A choice among fixed strings into a variable.</summary>
    Select,
    /// <summary>The state splits into parallel branches.</summary>
    Fork,
    /// <summary>Branches are merged back into their parent state.</summary>
    Join,
}

/// <summary>
/// One traced step. Only the fields that matter for its kind are set. <see cref="Branch"/> names
/// the fork-branch collection a step runs in (empty for the main state); <see cref="Reads"/> are the
/// variables the step's text or arguments read, which become the graph's data-dependency edges.
/// </summary>
internal sealed record NodeSpec(NodeKind Kind, string Branch)
{
    /// <summary>Text for Text nodes; the source expression for Argument and Expression nodes.</summary>
    public string Text { get; init; } = "";

    /// <summary>Role name for RoleBegin/RoleEnd: System, User or Assistant.</summary>
    public string Role { get; init; } = "";

    /// <summary>Variable name for Gen/Select; for a name computed at run time, the source expression.</summary>
    public string Name { get; init; } = "";

    /// <summary>True when <see cref="Name"/> is an expression evaluated at run time (e.g. $"idea{i}").</summary>
    public bool NameIsDynamic { get; init; }

    public int MaxTokens { get; init; }

    public string? Regex { get; init; }

    /// <summary>Constant JSON schema passed with jsonSchema:, or the schema derived for a Gen&lt;T&gt; type.</summary>
    public string? JsonSchema { get; init; }

    /// <summary>C# type of a Gen&lt;T&gt;; null for an untyped gen.</summary>
    public string? TypeName { get; init; }

    public string? Ebnf { get; init; }

    public EquatableArray<string> Choices { get; init; }

    public EquatableArray<string> Stop { get; init; }

    /// <summary>Sampling arguments given at the call site (temperature, topP, topK, minP) as C# literals, by parameter name.</summary>
    public EquatableArray<NamedValue> Sampling { get; init; }

    /// <summary>Select scoring method name, when one is given.</summary>
    public string? SelectMethod { get; init; }

    /// <summary>Number of branches of a Fork, or -1 when computed at run time.</summary>
    public int ForkCount { get; init; }

    /// <summary>Join mode name for a Join node.</summary>
    public string JoinMode { get; init; } = "";

    public EquatableArray<string> Reads { get; init; }
}

/// <summary>A named constant from a call site, kept as its C# literal text.</summary>
internal sealed record NamedValue(string Name, string Literal);
