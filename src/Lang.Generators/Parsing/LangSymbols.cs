using Microsoft.CodeAnalysis;

namespace LlmLang.Generators.Parsing;

/// <summary>The LlmLang types the parser recognises, resolved once per compilation.</summary>
internal sealed class LangSymbols
{
    private LangSymbols(INamedTypeSymbol state, INamedTypeSymbol? primitives, INamedTypeSymbol? role)
    {
        ProgramState = state;
        Primitives = primitives;
        Role = role;
    }

    public INamedTypeSymbol ProgramState { get; }
    public INamedTypeSymbol? Primitives { get; }
    public INamedTypeSymbol? Role { get; }

    /// <summary>Null when the compilation does not reference LlmLang (then nothing can be a program).</summary>
    public static LangSymbols? From(Compilation compilation) =>
        compilation.GetTypeByMetadataName("LlmLang.ProgramState") is { } state
            ? new LangSymbols(state, compilation.GetTypeByMetadataName("LlmLang.Primitives"), compilation.GetTypeByMetadataName("LlmLang.Role"))
            : null;

    public bool IsState(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, ProgramState);

    public bool IsPrimitive(IMethodSymbol method, string name) =>
        method.Name == name && SymbolEqualityComparer.Default.Equals(method.ContainingType, Primitives);

    public bool IsRole(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingType, Role);
}
