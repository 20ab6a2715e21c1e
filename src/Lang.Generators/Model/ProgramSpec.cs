namespace LlmLang.Generators.Model;

/// <summary>
/// Everything the emitter needs about one [LlmFunction] method, as plain equatable values:
/// where to put the generated members, the program's arguments, its traced graph and its variables.
/// </summary>
internal sealed record ProgramSpec(
    TypeSpec ContainingType,
    string MethodName,
    string Accessibility,
    string StateParameterName,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<NodeSpec> Nodes,
    EquatableArray<VariableSpec> Variables,
    EquatableArray<SchemaSpec> Schemas,
    bool IsCompleteGraph);

/// <summary>A program argument after the state parameter.</summary>
internal sealed record ParameterSpec(string Name, string TypeName);

/// <summary>
/// The partial type the program lives in: namespace (empty for the global one) and the chain of
/// declarations from the outermost type inwards, e.g. "static partial class Programs".
/// </summary>
internal sealed record TypeSpec(string Namespace, EquatableArray<TypeDeclarationSpec> Declarations)
{
    public string FullName => (Namespace.Length == 0 ? "" : Namespace + ".") + string.Join(".", System.Linq.Enumerable.Select(Declarations, d => d.Name));
}

/// <summary>One level of a (possibly nested) type declaration: keywords such as "static partial class" and the name with type parameters.</summary>
internal sealed record TypeDeclarationSpec(string Keywords, string Name);

/// <summary>
/// A variable the program produces (gen or select): its name and value type. <see cref="InBranch"/>
/// marks one made in fork branches and gathered by a join (its result property is a list).
/// </summary>
internal sealed record VariableSpec(string Name, string TypeName, bool IsTyped, bool InBranch);

/// <summary>The JSON schema derived at compile time for a Gen&lt;T&gt; type.</summary>
internal sealed record SchemaSpec(string TypeName, string Schema);
