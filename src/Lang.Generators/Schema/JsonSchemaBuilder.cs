using System;
using System.Collections.Generic;
using System.Linq;
using LlmLang.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace LlmLang.Generators.Schema;

/// <summary>
/// Derives the JSON schema of a Gen&lt;T&gt; type at compile time: primitives, enums (as string enums),
/// arrays and lists, string-keyed dictionaries, and classes/records/structs by their public
/// properties (non-nullable ones are required; named in camelCase as LlmLang's web-default JSON
/// options write them), with [Description], [Range], [RegularExpression], [MinLength]/[MaxLength]/
/// [StringLength] and [JsonPropertyName]/[JsonIgnore] honoured.
/// </summary>
internal sealed class JsonSchemaBuilder
{
    private readonly HashSet<ITypeSymbol> inProgress = new(SymbolEqualityComparer.Default);

    private JsonSchemaBuilder() { }

    /// <summary>The schema of <paramref name="type"/>, or why it has none (naming the member at fault).</summary>
    public static SchemaResult Build(ITypeSymbol type)
    {
        try
        {
            return new SchemaResult(new JsonSchemaBuilder().ForType(type, MemberFacets.None, type.Name), null);
        }
        catch (NoSchemaException e)
        {
            return new SchemaResult(null, e.Message);
        }
    }

    private string ForType(ITypeSymbol type, MemberFacets facets, string path)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            type = nullable.TypeArguments[0];

        switch (type.SpecialType)
        {
            case SpecialType.System_String: return Schema("string", facets.StringKeywords());
            case SpecialType.System_Char: return Schema("string", Pairs(("minLength", "1"), ("maxLength", "1")).Concat(facets.Description()));
            case SpecialType.System_Boolean: return Schema("boolean", facets.Description());
            case SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64:
                return Schema("integer", facets.NumberKeywords(unsigned: true));
            case SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_Int32 or SpecialType.System_Int64:
                return Schema("integer", facets.NumberKeywords(unsigned: false));
            case SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal:
                return Schema("number", facets.NumberKeywords(unsigned: false));
            case SpecialType.System_Object: throw new NoSchemaException(path, type, "'object' has no fixed shape");
        }

        if (type.TypeKind == TypeKind.Enum) return EnumSchema((INamedTypeSymbol)type, facets);
        if (type is IArrayTypeSymbol array)
        {
            if (array.Rank != 1) throw new NoSchemaException(path, type, "multi-dimensional arrays are not supported");
            if (array.ElementType.SpecialType == SpecialType.System_Byte) throw new NoSchemaException(path, type, "byte[] is serialised as base64, not as a JSON array");
            return ArraySchema(array.ElementType, facets, path);
        }
        if (type is not INamedTypeSymbol named) throw new NoSchemaException(path, type, $"a {type.TypeKind} type has no JSON form");
        if (CollectionShapes.DictionaryValue(named) is { } value) return DictionarySchema(named, value, facets, path);
        if (CollectionShapes.Element(named) is { } element) return ArraySchema(element, facets, path);
        return ObjectSchema(named, facets, path);
    }

    private string EnumSchema(INamedTypeSymbol type, MemberFacets facets)
    {
        var names = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => JsonText.Quote(f.Name));
        return JsonText.Object(Pairs(("type", JsonText.Quote("string"))).Concat(facets.Description(type)).Concat(Pairs(("enum", JsonText.Array(names)))));
    }

    private string ArraySchema(ITypeSymbol element, MemberFacets facets, string path) =>
        JsonText.Object(Pairs(("type", JsonText.Quote("array"))).Concat(facets.Description())
            .Concat(Pairs(("items", ForType(element, MemberFacets.None, path + "[]")))).Concat(facets.ItemCountKeywords()));

    private string DictionarySchema(INamedTypeSymbol type, ITypeSymbol value, MemberFacets facets, string path) =>
        JsonText.Object(Pairs(("type", JsonText.Quote("object"))).Concat(facets.Description())
            .Concat(Pairs(("additionalProperties", ForType(value, MemberFacets.None, path + "[key]")))));

    private string ObjectSchema(INamedTypeSymbol type, MemberFacets facets, string path)
    {
        if (type.TypeKind is TypeKind.Interface or TypeKind.Delegate || type.IsAbstract)
            throw new NoSchemaException(path, type, $"{(type.TypeKind == TypeKind.Class ? "an abstract class" : "an " + type.TypeKind.ToString().ToLowerInvariant())} cannot be created from JSON");
        if (type.IsUnboundGenericType || type.TypeKind == TypeKind.TypeParameter)
            throw new NoSchemaException(path, type, "an open generic type has no fixed shape");
        if (!inProgress.Add(type)) throw new NoSchemaException(path, type, "the type refers to itself; recursive types are not supported");

        var properties = new List<KeyValuePair<string, string>>();
        var required = new List<string>();
        foreach (IPropertySymbol property in SchemaProperties.Of(type))
        {
            var memberFacets = MemberFacets.Of(property, type);
            if (memberFacets.Ignored) continue;
            if (memberFacets.InvalidPattern is { } why)
                throw new NoSchemaException($"{path}.{property.Name}", property.Type, $"[RegularExpression] {why}");
            string name = memberFacets.JsonName ?? JsonNames.CamelCase(property.Name);
            properties.Add(new(name, ForType(property.Type, memberFacets, $"{path}.{property.Name}")));
            if (SchemaProperties.IsRequired(property)) required.Add(JsonText.Quote(name));
        }
        inProgress.Remove(type);
        if (properties.Count == 0) throw new NoSchemaException(path, type, "it has no public readable properties");

        var members = Pairs(("type", JsonText.Quote("object"))).Concat(facets.Description(type)).ToList();
        members.Add(new("properties", JsonText.Object(properties)));
        if (required.Count > 0) members.Add(new("required", JsonText.Array(required)));
        members.Add(new("additionalProperties", "false"));
        return JsonText.Object(members);
    }

    private static string Schema(string jsonType, IEnumerable<KeyValuePair<string, string>> keywords) =>
        JsonText.Object(Pairs(("type", JsonText.Quote(jsonType))).Concat(keywords));

    internal static IEnumerable<KeyValuePair<string, string>> Pairs(params (string Key, string Value)[] pairs) =>
        pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value));
}

/// <summary>A derived schema, or the reason there is none.</summary>
internal sealed record SchemaResult(string? Schema, string? Error);

/// <summary>Thrown inside <see cref="JsonSchemaBuilder"/> to unwind to the member at fault.</summary>
internal sealed class NoSchemaException : Exception
{
    public NoSchemaException(string path, ITypeSymbol type, string reason)
        : base(path == type.Name ? reason : $"member '{path}' of type '{type.ToDisplayString()}': {reason}") { }
}
