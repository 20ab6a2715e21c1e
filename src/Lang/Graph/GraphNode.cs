namespace LlmLang;

/// <summary>What a node of an <see cref="ExecutionGraph"/> stands for.</summary>
public enum GraphNodeKind
{
    /// <summary>Constant text.</summary>
    Text,
    /// <summary>A program argument inserted as text.</summary>
    Argument,
    /// <summary>Text computed by an expression the generator does not trace (e.g. a variable read).</summary>
    Expression,
    /// <summary>A role turn opens (label: System, User or Assistant).</summary>
    RoleBegin,
    /// <summary>A role turn closes.</summary>
    RoleEnd,
    /// <summary>A generation into a variable.</summary>
    Gen,
    /// <summary>A selection among choices into a variable.</summary>
    Select,
    /// <summary>The state forks into branches (label: the branches' name).</summary>
    Fork,
    /// <summary>Branches are joined back (label: the branches' name).</summary>
    Join,
}

/// <summary>
/// One step of a program as the source generator traced it. Nodes of the main stream have an empty
/// <see cref="Branch"/>; nodes inside fork branches carry the fork's label.
/// </summary>
/// <param name="Kind">What the node is.</param>
/// <param name="Label">The text, argument name, role, variable or fork name.</param>
public sealed record GraphNode(GraphNodeKind Kind, string Label)
{
    /// <summary>The fork label whose branches run this node, or empty for the main stream.</summary>
    public string Branch { get; init; } = "";

    /// <summary>The variable a Gen or Select writes.</summary>
    public string? Variable { get; init; }

    /// <summary>Whether the variable name is computed at run time (then <see cref="Variable"/> is its source text).</summary>
    public bool IsVariableNameComputed { get; init; }

    /// <summary>A Gen's token limit, when given.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>A Gen's stop strings, when given.</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>A Gen's temperature, when given.</summary>
    public double? Temperature { get; init; }

    /// <summary>A Gen's top-p, when given.</summary>
    public double? TopP { get; init; }

    /// <summary>A Gen's top-k, when given.</summary>
    public int? TopK { get; init; }

    /// <summary>A Gen's min-p, when given.</summary>
    public double? MinP { get; init; }

    /// <summary>A Gen's regex constraint.</summary>
    public string? Regex { get; init; }

    /// <summary>A Gen's JSON schema (given, or derived from its type at compile time).</summary>
    public string? JsonSchema { get; init; }

    /// <summary>A Gen's EBNF grammar.</summary>
    public string? Ebnf { get; init; }

    /// <summary>The choices of a Select or of a Gen constrained to choices.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>A Select's scoring method, when given.</summary>
    public SelectMethod? SelectMethod { get; init; }

    /// <summary>The type of a <c>Gen&lt;T&gt;</c>.</summary>
    public Type? ValueType { get; init; }

    /// <summary>A Fork's branch count, when constant.</summary>
    public int? ForkCount { get; init; }

    /// <summary>A Join's mode.</summary>
    public JoinMode? JoinMode { get; init; }

    /// <summary>Indices of the nodes whose variables this node reads (data dependencies).</summary>
    public IReadOnlyList<int> DependsOn { get; init; } = [];
}
