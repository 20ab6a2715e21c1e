using System.Collections.Immutable;
using System.Text.Json;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Translates one schema document to grammar rules. Each distinct <see cref="Conjunction"/> becomes one rule, so
/// <c>$ref</c> cycles become recursive rules. Per-type parts live in the other files of this partial class.
/// </summary>
internal sealed partial class SchemaTranslator
{
    private static readonly string[] UnsupportedAnywhere = ["$recursiveRef"];
    private static readonly ImmutableSortedSet<string> NoneConsumed = ImmutableSortedSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    private readonly SchemaDocument _document;
    private readonly JsonSchemaOptions _options;
    private readonly Dictionary<string, GrammarExpr> _rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> _distinctItemRules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ruleByKey = new(StringComparer.Ordinal);
    private readonly List<JsonSchemaWarning> _warnings = [];
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly GrammarExpr _ws;
    // Between members or items: whitespace, a comma, whitespace.
    private readonly GrammarExpr _comma;
    private readonly bool _refReplacesSiblings;
    // A bound on the whole translation, checked per subschema: proofs and expansions that multiply end in an error.
    private static readonly TimeSpan MaxTranslationTime = TimeSpan.FromSeconds(30);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly ValueValidator _values;

    public SchemaTranslator(SchemaDocument document, JsonSchemaOptions options)
    {
        _document = document;
        _options = options;
        _refReplacesSiblings = document.RefReplacesSiblings;
        _values = new ValueValidator(document, _refReplacesSiblings, PatternLanguage);
        _ws = options.Whitespace == JsonWhitespace.Compact
            ? Expr.Empty
            : new ByteRunExpr([new CodeRange('\t', '\n'), new CodeRange('\r', '\r'), new CodeRange(' ', ' ')], Math.Max(1, options.MaxWhitespace));
        _comma = Expr.Seq(_ws, Expr.Text(","), _ws);
    }

    public JsonSchemaCompilation Translate()
    {
        var root = Schema([_document.Root]);
        _rules["root"] = root;
        return new JsonSchemaCompilation(new GrammarDefinition(_rules, "root") { DistinctItemRules = _distinctItemRules }, _warnings);
    }

    /// <summary>The grammar of a value satisfying all <paramref name="nodes"/> (one rule per distinct conjunction).</summary>
    private GrammarExpr Schema(IEnumerable<SchemaNode> nodes, ImmutableSortedSet<string>? consumed = null)
    {
        var conjunction = Flatten(nodes, consumed ?? NoneConsumed);
        if (conjunction.IsFalse) return Expr.Nothing;
        if (conjunction.Nodes.Length == 0) return AnyValue();
        if (_ruleByKey.TryGetValue(conjunction.Key, out string? known)) return new RuleRefExpr(known);
        if (_clock.Elapsed > MaxTranslationTime)
            throw new JsonSchemaException(conjunction.Nodes[0].Pointer, "",
                $"translating the schema took more than {MaxTranslationTime.TotalSeconds:0} s; simplify it");
        if (_ruleByKey.Count >= _options.MaxExpansions)
            throw new JsonSchemaException(conjunction.Nodes[0].Pointer, "anyOf",
                $"the schema expands to more than {_options.MaxExpansions} distinct subschemas");
        string name = "s" + _ruleByKey.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _ruleByKey[conjunction.Key] = name;
        _rules[name] = Body(conjunction);
        return new RuleRefExpr(name);
    }

    /// <summary>
    /// Expands <c>$ref</c> and <c>allOf</c> into one flat list of object schemas (each once). In drafts 4-7 a schema
    /// object with <c>$ref</c> is replaced by its target.
    /// </summary>
    private Conjunction Flatten(IEnumerable<SchemaNode> nodes, ImmutableSortedSet<string> consumed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var flat = ImmutableArray.CreateBuilder<SchemaNode>();
        var given = nodes as IReadOnlyList<SchemaNode> ?? nodes.ToList();
        var work = new Stack<SchemaNode>(given.Count);
        for (int i = given.Count - 1; i >= 0; i--) work.Push(given[i]);
        while (work.Count > 0)
        {
            var node = work.Pop();
            if (!seen.Add(node.Pointer)) continue;
            switch (node.Element.ValueKind)
            {
                case JsonValueKind.True: continue;
                case JsonValueKind.False: return new Conjunction([], true, consumed);
                case JsonValueKind.Object: break;
                default: throw new JsonSchemaException(node.Pointer, "", $"a schema must be an object or a boolean, not {node.Element.ValueKind}");
            }
            bool refers = false;
            foreach (string keyword in ReferenceKeywords)
                if (node.TryGet(keyword, out var reference))
                {
                    work.Push(ReferenceTarget(node, keyword, reference));
                    refers = true;
                }
            // A node that only refers (and annotates) adds nothing: left out, the target's rule is shared by every
            // place that refers to it, rather than built once per referring node.
            if (refers && (_refReplacesSiblings && node.TryGet("$ref", out _)
                           || node.Element.EnumerateObject().All(p => p.Name is "$ref" or "$dynamicRef" or "$defs" or "definitions" || Annotations.Contains(p.Name))))
                continue;
            flat.Add(node);
            // not {not: X} is X: its keywords join the conjunction (NegationsOf skips the double negation).
            if (DoubleNegated(node) is { } inner) work.Push(inner);
            if (NegatesContains(node)) work.Push(NoItemMatches(node));
            if (node.TryGet("allOf", out var all))
            {
                if (all.ValueKind != JsonValueKind.Array || all.GetArrayLength() == 0)
                    throw new JsonSchemaException(node.Pointer, "allOf", "must be a non-empty array of schemas");
                for (int i = all.GetArrayLength() - 1; i >= 0; i--) work.Push(node.Child("allOf", Index(i)));
            }
        }
        return new Conjunction(flat.ToImmutable(), false, consumed);
    }

    private static readonly string[] ReferenceKeywords = ["$ref", "$dynamicRef"];

    /// <summary>The schema <paramref name="node"/>'s <c>$ref</c> or <c>$dynamicRef</c> (<paramref name="keyword"/>) points to.</summary>
    private SchemaNode ReferenceTarget(SchemaNode node, string keyword, JsonElement reference) =>
        reference.ValueKind != JsonValueKind.String ? throw new JsonSchemaException(node.Pointer, keyword, "must be a string")
        : keyword == "$ref" ? _document.Resolve(node, reference.GetString()!, "$ref")
        : _document.ResolveDynamic(node, reference.GetString()!);

    private GrammarExpr Body(Conjunction c)
    {
        foreach (var node in c.Nodes)
            foreach (string keyword in UnsupportedAnywhere)
                if (node.TryGet(keyword, out _)) Unsupported(node, keyword, "not supported");
        // Listed values need no grammar of the rest: each is kept when it validates, whatever the other keywords are.
        var values = EnumValues(c);
        if (values is not null && ValidValues(c, values) is { } valid) return Expr.Or(valid.Select(Expr.Text));
        if (NextChoice(c) is { } choice)
        {
            var rest = c.Consumed.Add(choice.Consumed);
            int at = c.Nodes.IndexOf(c.Nodes.First(n => n.Pointer == choice.Owner.Pointer)) + 1;
            // Under unevaluated* the branch taken decides whose annotations count: its schemas are marked.
            bool marks = c.Nodes.Any(ReadsAnnotations);
            return Expr.Or(choice.Branches.Select(branch => Schema([.. c.Nodes.Take(at), .. branch, .. c.Nodes.Skip(at)],
                marks ? rest.Union(branch.Select(BranchMark)) : rest)));
        }

        var negations = NegationsOf(c);
        if (negations.Nothing) return Expr.Nothing;
        var types = TypesOf(c) & ~negations.ExcludedTypes;
        var excluded = negations.ExcludedValues;
        var parts = new List<GrammarExpr>();
        if (types.HasFlag(JsonTypes.Null) && !excluded.Contains("null")) parts.Add(Expr.Text("null"));
        if (types.HasFlag(JsonTypes.Boolean)) parts.Add(Expr.Or(new[] { "true", "false" }.Where(b => !excluded.Contains(b)).Select(Expr.Text)));
        if ((types & JsonTypes.Number) != 0)
        {
            // With listed values, the values themselves are filtered below.
            parts.Add(Numbers(c, types, values is null ? ExcludedNumbers(c, excluded) : []));
        }
        if (types.HasFlag(JsonTypes.String))
            parts.Add(values is null ? StringsExcept(c, excluded, negations.ExcludedStrings)
                : negations.ExcludedStrings.Count > 0 ? StringsOutside(c, [], negations.ExcludedStrings) : Strings(c));
        if (types.HasFlag(JsonTypes.Array)) parts.Add(Arrays(c));
        if (types.HasFlag(JsonTypes.Object)) parts.Add(Objects(c, negations.AbsentProperties));
        var body = Expr.Or(parts);
        return values is null ? body : Expr.Or(values.Where(v => !excluded.Contains(v) && Allows(body, v, c)).Select(Expr.Text));
    }

    /// <summary>The listed values that satisfy every node; null when the validator cannot decide one.</summary>
    private List<string>? ValidValues(Conjunction c, List<string> listed)
    {
        var valid = new List<string>();
        foreach (string text in listed)
        {
            using var value = JsonDocument.Parse(text);
            bool? holds = true;
            foreach (var node in c.Nodes)
                if ((holds = _values.IsValid(node, value.RootElement, listed: true)) != true) break;
            if (holds is null) return null;
            if (holds == true) valid.Add(text);
        }
        return valid;
    }

    /// <summary>The intersection of the <c>type</c> keywords (with OpenAPI's <c>nullable</c>).</summary>
    private static JsonTypes TypesOf(Conjunction c)
    {
        var types = JsonTypes.All;
        foreach (var (node, type) in c.With("type"))
        {
            var allowed = JsonTypes.None;
            if (type.ValueKind == JsonValueKind.String) allowed = JsonTypeNames.Parse(type.GetString()!);
            else if (type.ValueKind == JsonValueKind.Array)
                foreach (var t in type.EnumerateArray())
                    allowed |= t.ValueKind == JsonValueKind.String ? JsonTypeNames.Parse(t.GetString()!) : JsonTypes.None;
            if (allowed == JsonTypes.None) throw new JsonSchemaException(node.Pointer, "type", "must name JSON types");
            if (node.TryGet("nullable", out var nullable) && nullable.ValueKind == JsonValueKind.True) allowed |= JsonTypes.Null;
            types &= allowed;
        }
        return types;
    }

    /// <summary>The compact texts allowed by every <c>const</c>/<c>enum</c>, or null when there is none.</summary>
    private static List<string>? EnumValues(Conjunction c)
    {
        List<string>? values = null;
        foreach (var node in c.Nodes)
        {
            List<string> these;
            if (node.TryGet("const", out var constant)) these = [CompactJson.Write(constant)];
            else if (node.TryGet("enum", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array) throw new JsonSchemaException(node.Pointer, "enum", "must be an array");
                these = list.EnumerateArray().Select(CompactJson.Write).ToList();
            }
            else continue;
            values = values is null ? these.Distinct().ToList() : values.Intersect(these).ToList();
        }
        return values;
    }

    /// <summary>Whether the compact text is in the grammar built so far (for filtering enum values and names).</summary>
    private bool Allows(GrammarExpr grammar, string text, Conjunction c)
    {
        try
        {
            return IrRecognizer.Matches(grammar, _rules, text, _distinctItemRules);
        }
        catch (KeyNotFoundException)
        {
            Unsupported(c.Nodes[0], "enum", "values cannot be checked against a schema that refers to itself");
            return true;
        }
    }

    /// <summary>A keyword the grammar cannot enforce: an error, or in lenient mode a warning (and the keyword is ignored).</summary>
    private void Unsupported(SchemaNode node, string keyword, string reason)
    {
        if (!_options.Lenient) throw new JsonSchemaException(node.Pointer, keyword, reason);
        if (_warned.Add(node.Pointer + "/" + keyword)) _warnings.Add(new JsonSchemaWarning(node.Pointer, keyword, reason));
    }

    /// <summary>A keyword that is an annotation here (not enforced by design), reported once.</summary>
    private void NotEnforced(SchemaNode node, string keyword, string reason)
    {
        if (_warned.Add(node.Pointer + "/" + keyword)) _warnings.Add(new JsonSchemaWarning(node.Pointer, keyword, reason));
    }

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
