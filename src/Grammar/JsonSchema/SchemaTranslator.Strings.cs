using System.Text.Json;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>Strings: length limits in code points, known <c>format</c>s, one <c>pattern</c> (alone).</summary>
internal sealed partial class SchemaTranslator
{
    private GrammarExpr Strings(Conjunction c)
    {
        int min = 0;
        int? max = null;
        foreach (var node in c.Nodes)
        {
            if (LengthOf(node, "minLength") is { } lo) min = Math.Max(min, lo);
            if (LengthOf(node, "maxLength") is { } hi) max = Math.Min(max ?? int.MaxValue, hi);
        }
        if (min > max) return Expr.Nothing;

        var formats = new List<(SchemaNode Node, string Name, (GrammarExpr Content, int Min, int Max) Grammar)>();
        foreach (var (node, value) in c.With("format"))
        {
            if (value.ValueKind != JsonValueKind.String) throw new JsonSchemaException(node.Pointer, "format", "must be a string");
            string name = value.GetString()!;
            if (FormatGrammar.Get(name) is { } grammar) formats.Add((node, name, grammar));
            else if (FormatGrammar.IsStandard(name)) Unsupported(node, "format", $"format '{name}' is not supported");
            else NotEnforced(node, "format", $"format '{name}' is not a standard format: not enforced (an annotation)");
        }
        var patterns = c.With("pattern").ToList();
        if (patterns.Count > 0)
        {
            var (node, value) = patterns[0];
            if (value.ValueKind != JsonValueKind.String) throw new JsonSchemaException(node.Pointer, "pattern", "must be a string");
            if (patterns.Count > 1 || formats.Count > 0 || min > 0 || max is not null)
                Unsupported(node, "pattern", "a pattern cannot be combined exactly with another pattern, a format or length limits");
            try
            {
                return JsonStringGrammar.Quoted(PatternGrammar.Content(value.GetString()!));
            }
            catch (Exception e) when (e is Compilation.GrammarException or NotSupportedException)
            {
                Unsupported(node, "pattern", e.Message);
                return JsonStringGrammar.OfLength(min, max);
            }
        }

        if (formats.Count == 0) return JsonStringGrammar.OfLength(min, max);
        var (formatNode, formatName, format) = formats[0];
        if (formats.Any(f => f.Name != formatName))
            Unsupported(formatNode, "format", "different formats on one value cannot be combined");
        if (format.Min < min || format.Max > (max ?? int.MaxValue))
            Unsupported(formatNode, "format", $"format '{formatName}' cannot be combined exactly with minLength/maxLength");
        return JsonStringGrammar.Quoted(format.Content);
    }

    private static int? LengthOf(SchemaNode node, string keyword)
    {
        if (!node.TryGet(keyword, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double d) || d < 0 || d != Math.Floor(d))
            throw new JsonSchemaException(node.Pointer, keyword, "must be a non-negative integer");
        return d > int.MaxValue ? int.MaxValue : (int)d;
    }
}
