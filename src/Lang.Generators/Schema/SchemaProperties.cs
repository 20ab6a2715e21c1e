using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LlmLang.Generators.Schema;

/// <summary>Which properties of a type appear in its JSON schema, in declaration order (base type first), and which are required.</summary>
internal static class SchemaProperties
{
    public static IEnumerable<IPropertySymbol> Of(INamedTypeSymbol type)
    {
        var chain = new Stack<INamedTypeSymbol>();
        for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
            chain.Push(t);
        var seen = new HashSet<string>();
        foreach (INamedTypeSymbol t in chain)
        foreach (IPropertySymbol p in t.GetMembers().OfType<IPropertySymbol>())
        {
            if (p.IsStatic || p.IsIndexer || p.DeclaredAccessibility != Accessibility.Public) continue;
            if (p.GetMethod is null || p.GetMethod.DeclaredAccessibility != Accessibility.Public) continue;
            if (p.IsImplicitlyDeclared) continue;
            if (seen.Add(p.Name)) yield return p;
        }
    }

    /// <summary>
    /// Required unless the type says the value may be missing: a nullable value type, or a reference
    /// type annotated with '?'. With nullable annotations off, reference types count as required.
    /// </summary>
    public static bool IsRequired(IPropertySymbol property)
    {
        ITypeSymbol type = property.Type;
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T) return false;
        return type.IsValueType || property.NullableAnnotation != NullableAnnotation.Annotated;
    }
}
