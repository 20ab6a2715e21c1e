using Microsoft.CodeAnalysis;

namespace LlmLang.Generators.Schema;

/// <summary>Recognises the collection types that JSON represents as arrays or string-keyed objects.</summary>
internal static class CollectionShapes
{
    private static readonly string[] ListTypes =
    {
        "System.Collections.Generic.List<T>", "System.Collections.Generic.IList<T>",
        "System.Collections.Generic.ICollection<T>", "System.Collections.Generic.IEnumerable<T>",
        "System.Collections.Generic.IReadOnlyList<T>", "System.Collections.Generic.IReadOnlyCollection<T>",
        "System.Collections.Generic.HashSet<T>", "System.Collections.Generic.ISet<T>",
        "System.Collections.Immutable.ImmutableArray<T>", "System.Collections.Immutable.ImmutableList<T>",
    };

    private static readonly string[] DictionaryTypes =
    {
        "System.Collections.Generic.Dictionary<TKey, TValue>", "System.Collections.Generic.IDictionary<TKey, TValue>",
        "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>",
    };

    /// <summary>The element type of a list-like type, or null.</summary>
    public static ITypeSymbol? Element(INamedTypeSymbol type) =>
        type.TypeArguments.Length == 1 && System.Array.IndexOf(ListTypes, type.OriginalDefinition.ToDisplayString()) >= 0
            ? type.TypeArguments[0]
            : null;

    /// <summary>The value type of a string-keyed dictionary type, or null.</summary>
    public static ITypeSymbol? DictionaryValue(INamedTypeSymbol type) =>
        type.TypeArguments.Length == 2
        && type.TypeArguments[0].SpecialType == SpecialType.System_String
        && System.Array.IndexOf(DictionaryTypes, type.OriginalDefinition.ToDisplayString()) >= 0
            ? type.TypeArguments[1]
            : null;
}
