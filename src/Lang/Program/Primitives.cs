using System.Globalization;

namespace LlmLang;

/// <summary>The primitives of a program: <c>using static LlmLang.Primitives;</c> then <c>s += Gen("x")</c>.</summary>
public static class Primitives
{
    /// <summary>
    /// Generates text into variable <paramref name="name"/>. At most one of <paramref name="regex"/>,
    /// <paramref name="jsonSchema"/>, <paramref name="ebnf"/> and <paramref name="choices"/> constrains the output.
    /// Sampling parameters left null take the run's defaults.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or several constraints are given.</exception>
    public static Fragment Gen(string name, int maxTokens = 128, string[]? stop = null, double? temperature = null, double? topP = null,
        int? topK = null, double? minP = null, string? regex = null, string? jsonSchema = null, string? ebnf = null, string[]? choices = null) =>
        new GenFragment(Spec(name, maxTokens, stop, temperature, topP, topK, minP, OneConstraint(name, regex, jsonSchema, ebnf, choices), valueType: null));

    /// <summary>
    /// Generates a value of type <typeparamref name="T"/> into variable <paramref name="name"/>: <c>int</c>, <c>long</c>,
    /// <c>double</c> and <c>bool</c> are constrained to their literal syntax; records, classes and enums to the JSON schema the
    /// source generator derived from the type at compile time. Read it back with <c>Get&lt;T&gt;</c> or the typed result.
    /// </summary>
    /// <exception cref="InvalidOperationException">No schema is known for <typeparamref name="T"/> (the generator did not run).</exception>
    public static Fragment Gen<T>(string name, int maxTokens = 256, string[]? stop = null, double? temperature = null, double? topP = null,
        int? topK = null, double? minP = null, string? regex = null, string? jsonSchema = null, string? ebnf = null, string[]? choices = null)
    {
        var explicitConstraint = OneConstraint(name, regex, jsonSchema, ebnf, choices);
        var typed = TypedConstraint(typeof(T));
        if (explicitConstraint is not null && typed is not null)
            throw new ArgumentException($"Gen<{typeof(T).Name}>(\"{name}\") is constrained by its type; it cannot also take a {explicitConstraint.Kind} constraint");
        return new GenFragment(Spec(name, maxTokens, stop, temperature, topP, topK, minP, typed ?? explicitConstraint, typeof(T)));
    }

    /// <summary>Chooses one of <paramref name="choices"/> by token-length-normalised likelihood and stores it in <paramref name="name"/>.</summary>
    public static Fragment Select(string name, params string[] choices) => Select(name, SelectMethod.TokenLengthNormalized, choices);

    /// <summary>Chooses one of <paramref name="choices"/> by <paramref name="method"/> and stores it in <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">There are no choices, or a choice is empty.</exception>
    public static Fragment Select(string name, SelectMethod method, params string[] choices)
    {
        CheckName(name);
        if (choices is null || choices.Length == 0) throw new ArgumentException($"Select(\"{name}\") needs at least one choice");
        if (choices.Any(string.IsNullOrEmpty)) throw new ArgumentException($"Select(\"{name}\"): choices must not be empty");
        return new SelectFragment(name, choices, method);
    }

    private static GenSpec Spec(string name, int maxTokens, string[]? stop, double? temperature, double? topP, int? topK, double? minP,
        Constraint? constraint, Type? valueType)
    {
        CheckName(name);
        if (maxTokens < 1) throw new ArgumentException($"Gen(\"{name}\"): maxTokens must be at least 1 (got {maxTokens})");
        return new GenSpec
        {
            Name = name, MaxTokens = maxTokens, Stop = stop ?? [], Temperature = temperature, TopP = topP, TopK = topK, MinP = minP,
            Constraint = constraint, ValueType = valueType,
        };
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a variable name must not be empty");
    }

    private static Constraint? OneConstraint(string name, string? regex, string? jsonSchema, string? ebnf, string[]? choices)
    {
        var given = new List<Constraint>();
        if (regex is not null) given.Add(new Constraint(ConstraintKind.Regex, regex));
        if (jsonSchema is not null) given.Add(new Constraint(ConstraintKind.JsonSchema, jsonSchema));
        if (ebnf is not null) given.Add(new Constraint(ConstraintKind.Ebnf, ebnf));
        if (choices is not null)
        {
            if (choices.Length == 0) throw new ArgumentException($"Gen(\"{name}\"): choices must not be empty");
            given.Add(new Constraint(ConstraintKind.Choices, null, choices));
        }
        if (given.Count > 1)
            throw new ArgumentException($"Gen(\"{name}\") has conflicting constraints: {string.Join(" and ", given.Select(c => c.Kind))}");
        return given.FirstOrDefault();
    }

    /// <summary>The constraint implied by a value type, or null for text.</summary>
    internal static Constraint? TypedConstraint(Type type)
    {
        if (type == typeof(string)) return null;
        // The generator's schema (with [Range] and the like) wins; the literal syntaxes serve when none is registered.
        if (JsonSchemaRegistry.TryGet(type, out string? schema)) return new Constraint(ConstraintKind.JsonSchema, schema);
        if (type == typeof(int) || type == typeof(long)) return new Constraint(ConstraintKind.Regex, "-?(0|[1-9][0-9]{0,17})");
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return new Constraint(ConstraintKind.Regex, "-?(0|[1-9][0-9]{0,15})(\\.[0-9]{1,15})?([eE][-+]?[0-9]{1,3})?");
        if (type == typeof(bool)) return new Constraint(ConstraintKind.Choices, null, ["true", "false"]);
        throw new InvalidOperationException(
            $"no JSON schema is registered for {type.FullName}: the LlmLang source generator derives it at compile time for Gen<T> calls in [LlmFunction] methods (is the generator referenced?)");
    }

    /// <summary>Parses generated text into <paramref name="type"/> (the inverse of <see cref="TypedConstraint"/>).</summary>
    internal static object? ParseValue(string text, Type type)
    {
        if (type == typeof(string)) return text;
        var invariant = CultureInfo.InvariantCulture;
        if (type == typeof(int)) return int.Parse(text, invariant);
        if (type == typeof(long)) return long.Parse(text, invariant);
        if (type == typeof(double)) return double.Parse(text, invariant);
        if (type == typeof(float)) return float.Parse(text, invariant);
        if (type == typeof(decimal)) return decimal.Parse(text, NumberStyles.Float, invariant);
        if (type == typeof(bool)) return bool.Parse(text);
        return System.Text.Json.JsonSerializer.Deserialize(text, type, JsonValues.Options);
    }
}
