namespace LlmLang;

/// <summary>Everything a <c>Gen</c> says: the variable, limits, sampling overrides and at most one constraint.</summary>
public sealed record GenSpec
{
    /// <summary>The variable that receives the text.</summary>
    public required string Name { get; init; }

    /// <summary>Most tokens to generate (null: the run's default).</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Strings that end the generation (not included in the value).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Sampling temperature override.</summary>
    public double? Temperature { get; init; }

    /// <summary>Top-p override.</summary>
    public double? TopP { get; init; }

    /// <summary>Top-k override.</summary>
    public int? TopK { get; init; }

    /// <summary>Min-p override.</summary>
    public double? MinP { get; init; }

    /// <summary>The output must match this constraint, or null.</summary>
    public Constraint? Constraint { get; init; }

    /// <summary>The C# type the value is parsed into (<c>Gen&lt;T&gt;</c>), or null for text.</summary>
    public Type? ValueType { get; init; }
}

/// <summary>What a constrained generation must produce. A backend that cannot enforce a kind refuses the request.</summary>
/// <param name="Kind">Regex, JSON Schema, EBNF or a list of choices.</param>
/// <param name="Source">The regex, schema JSON or grammar text (choices: null).</param>
/// <param name="Choices">The allowed strings (choices only).</param>
public sealed record Constraint(ConstraintKind Kind, string? Source, IReadOnlyList<string>? Choices = null);

/// <summary>Kinds of output constraints.</summary>
public enum ConstraintKind
{
    /// <summary>The whole output matches a regular expression.</summary>
    Regex,
    /// <summary>The output is JSON valid against a JSON Schema.</summary>
    JsonSchema,
    /// <summary>The output derives from a GBNF grammar.</summary>
    Ebnf,
    /// <summary>The output is one of a list of strings.</summary>
    Choices,
}
