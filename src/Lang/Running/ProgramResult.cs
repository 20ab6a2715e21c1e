namespace LlmLang;

/// <summary>
/// The outcome of a run: the final text, every variable, and the trace. Generated programs derive a record with typed
/// properties from it (<c>ExtractResult.City</c>).
/// </summary>
public record ProgramResult
{
    private readonly IReadOnlyDictionary<string, Variable> _variables;

    internal ProgramResult(string text, IReadOnlyDictionary<string, Variable> variables, ProgramTrace trace)
    {
        Text = text;
        _variables = variables;
        Trace = trace;
    }

    /// <summary>The program's full text (root state).</summary>
    public string Text { get; }

    /// <summary>The run's backend calls and token counts.</summary>
    public ProgramTrace Trace { get; }

    /// <summary>Variable names.</summary>
    public IEnumerable<string> VariableNames => _variables.Keys;

    /// <summary>A variable's text.</summary>
    /// <exception cref="KeyNotFoundException">No such variable.</exception>
    public string this[string name] => Find(name).Text;

    /// <summary>A variable as <typeparamref name="T"/> (the value of a <c>Gen&lt;T&gt;</c>, or parsed from its text).</summary>
    public T Get<T>(string name) => Find(name).As<T>(name);

    private Variable Find(string name) =>
        _variables.TryGetValue(name, out var v)
            ? v
            : throw new KeyNotFoundException($"the program has no variable \"{name}\" (it has: {string.Join(", ", _variables.Keys)})");
}
