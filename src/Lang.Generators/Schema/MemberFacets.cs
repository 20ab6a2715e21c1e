using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmLang.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace LlmLang.Generators.Schema;

/// <summary>
/// The schema-relevant attributes of one property ([Description], [Range], [RegularExpression],
/// [MinLength], [MaxLength], [StringLength], [JsonPropertyName], [JsonIgnore]). For positional
/// records the primary-constructor parameter's attributes count too, since that is where users put them.
/// </summary>
internal sealed class MemberFacets
{
    public static readonly MemberFacets None = new();

    public string? DescriptionText { get; private set; }
    public string? JsonName { get; private set; }
    public string? Pattern { get; private set; }
    public string? InvalidPattern { get; private set; }
    public double? Minimum { get; private set; }
    public double? Maximum { get; private set; }
    public long? MinLength { get; private set; }
    public long? MaxLength { get; private set; }
    public bool Ignored { get; private set; }

    public static MemberFacets Of(IPropertySymbol property, INamedTypeSymbol owner)
    {
        var facets = new MemberFacets();
        var parameter = owner.InstanceConstructors
            .SelectMany(c => c.Parameters)
            .FirstOrDefault(p => p.Name == property.Name && SymbolEqualityComparer.Default.Equals(p.Type, property.Type));
        foreach (AttributeData attribute in property.GetAttributes().Concat(parameter?.GetAttributes() ?? Enumerable.Empty<AttributeData>()))
            facets.Apply(attribute);
        return facets;
    }

    public IEnumerable<KeyValuePair<string, string>> Description(ITypeSymbol? type = null)
    {
        string? text = DescriptionText ?? (type is null ? null : DescriptionOf(type));
        if (text is not null) yield return new("description", JsonText.Quote(text));
    }

    public IEnumerable<KeyValuePair<string, string>> StringKeywords()
    {
        foreach (var d in Description()) yield return d;
        if (MinLength is { } min) yield return new("minLength", JsonText.Number(min));
        if (MaxLength is { } max) yield return new("maxLength", JsonText.Number(max));
        if (Pattern is not null) yield return new("pattern", JsonText.Quote(Pattern));
    }

    public IEnumerable<KeyValuePair<string, string>> NumberKeywords(bool unsigned)
    {
        foreach (var d in Description()) yield return d;
        double? minimum = Minimum ?? (unsigned ? 0 : null);
        if (minimum is { } min) yield return new("minimum", JsonText.Number(min));
        if (Maximum is { } max) yield return new("maximum", JsonText.Number(max));
    }

    public IEnumerable<KeyValuePair<string, string>> ItemCountKeywords()
    {
        if (MinLength is { } min) yield return new("minItems", JsonText.Number(min));
        if (MaxLength is { } max) yield return new("maxItems", JsonText.Number(max));
    }

    private static string? DescriptionOf(ISymbol symbol) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "System.ComponentModel.DescriptionAttribute")
            ?.ConstructorArguments.FirstOrDefault().Value as string;

    private void Apply(AttributeData attribute)
    {
        var args = attribute.ConstructorArguments;
        switch (attribute.AttributeClass?.ToDisplayString())
        {
            case "System.ComponentModel.DescriptionAttribute":
                DescriptionText = args.FirstOrDefault().Value as string;
                break;
            case "System.Text.Json.Serialization.JsonPropertyNameAttribute":
                JsonName = args.FirstOrDefault().Value as string;
                break;
            case "System.Text.Json.Serialization.JsonIgnoreAttribute":
                Ignored = true;
                break;
            case "System.ComponentModel.DataAnnotations.RegularExpressionAttribute":
                Pattern = args.FirstOrDefault().Value as string;
                if (Pattern is not null) InvalidPattern = RegexValidator.Validate(Pattern);
                break;
            case "System.ComponentModel.DataAnnotations.MinLengthAttribute":
                MinLength = ToLong(args.FirstOrDefault().Value);
                break;
            case "System.ComponentModel.DataAnnotations.MaxLengthAttribute":
                MaxLength = ToLong(args.FirstOrDefault().Value);
                break;
            case "System.ComponentModel.DataAnnotations.StringLengthAttribute":
                MaxLength = ToLong(args.FirstOrDefault().Value);
                foreach (var named in attribute.NamedArguments)
                    if (named.Key == "MinimumLength") MinLength = ToLong(named.Value.Value);
                break;
            case "System.ComponentModel.DataAnnotations.RangeAttribute":
                // Range(int, int), Range(double, double) or Range(Type, string, string).
                int first = args.Length == 3 ? 1 : 0;
                if (args.Length >= 2)
                {
                    Minimum = ToDouble(args[first].Value);
                    Maximum = ToDouble(args[first + 1].Value);
                }
                break;
        }
    }

    private static long? ToLong(object? value) => value is null ? null : System.Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double? ToDouble(object? value) => value switch
    {
        null => null,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : null,
        _ => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };
}
