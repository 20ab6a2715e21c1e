using System.Collections.Immutable;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Objects: declared properties in schema order (or any order for small objects), <c>required</c>, undeclared keys
/// per <c>additionalProperties</c> and strict mode, <c>propertyNames</c>, <c>min/maxProperties</c>.
/// </summary>
internal sealed partial class SchemaTranslator
{
    private static readonly JsonElement StringTypeSchema = JsonDocument.Parse("{\"type\":\"string\"}").RootElement;
    private readonly Dictionary<string, GrammarExpr> _keyExclusions = new(StringComparer.Ordinal);
    private int _objectCount;

    private sealed record Property(string Name, GrammarExpr Value, bool Required);

    private GrammarExpr Objects(Conjunction c, IReadOnlySet<string> absent)
    {
        c = WithUnevaluatedProperties(c);
        var (min, max) = PropertyCount(c);
        if (min > max) return Expr.Nothing;

        var required = Required(c).ToHashSet(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var (node, declaredHere) in c.With("properties"))
        {
            if (declaredHere.ValueKind != JsonValueKind.Object) throw new JsonSchemaException(node.Pointer, "properties", "must be an object");
            names.AddRange(declaredHere.EnumerateObject().Select(p => p.Name));
        }
        names.AddRange(Required(c));
        // A name only negated (not {required: [k]}) is kept out of the object but declares nothing: strict mode does
        // not close an object for it.
        bool declares = names.Count > 0;
        names.AddRange(absent);
        names = names.Distinct(StringComparer.Ordinal).ToList();

        var nameSchema = PropertyNameSchema(c);
        var properties = new List<Property>();
        foreach (string name in names)
        {
            var value = absent.Contains(name) || nameSchema is { } keyGrammar && !Allows(keyGrammar, JsonStringGrammar.Quote(name), c)
                ? Expr.Nothing
                : Schema(c.Nodes.SelectMany(node => PropertySchemas(node, name)));
            if (Expr.IsNothing(value))
            {
                if (required.Contains(name)) return Expr.Nothing;
                continue;
            }
            properties.Add(new Property(name, value, required.Contains(name)));
        }
        GrammarExpr? extra;
        if (c.Nodes.Any(HasPatternProperties)) extra = PatternedMembers(c, names, nameSchema);
        else
        {
            var extraKey = ExtraKey(c, names, declares, nameSchema);
            extra = extraKey is null ? null : Expr.Seq(extraKey, _ws, Expr.Text(":"), _ws,
                Schema(c.Nodes.Where(n => n.TryGet("additionalProperties", out _)).Select(n => n.Child("additionalProperties"))));
            if (extra is not null && Expr.IsNothing(extra)) extra = null;
        }

        string prefix = "o" + (_objectCount++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = _options.AnyPropertyOrder && extra is null && properties.Count <= _options.MaxAnyOrderProperties
            ? AnyOrder(prefix, properties, min, max)
            : SchemaOrder(prefix, properties, extra, min, max);
        return Expr.Seq(Expr.Text("{"), _ws, body, _ws, Expr.Text("}"));
    }

    /// <summary>The member count limits of <c>minProperties</c>/<c>maxProperties</c> (null: no upper limit).</summary>
    private static (int Min, int? Max) PropertyCount(Conjunction c) => Limits(c, "minProperties", "maxProperties");

    /// <summary>The schemas one node applies to a declared property: its own, matching patterns, or additionalProperties.</summary>
    private IEnumerable<SchemaNode> PropertySchemas(SchemaNode node, string name)
    {
        bool matched = false;
        if (node.TryGet("properties", out var properties) && properties.TryGetProperty(name, out _))
        {
            matched = true;
            yield return node.Child("properties", name);
        }
        if (node.TryGet("patternProperties", out var patterns) && patterns.ValueKind == JsonValueKind.Object)
            foreach (var pattern in patterns.EnumerateObject())
                if (PatternMatches(node, pattern.Name, name))
                {
                    matched = true;
                    yield return node.Child("patternProperties", pattern.Name);
                }
        if (!matched && node.TryGet("additionalProperties", out _)) yield return node.Child("additionalProperties");
    }

    private bool PatternMatches(SchemaNode node, string pattern, string name)
    {
        try
        {
            return Regex.IsMatch(name, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(200));
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            Unsupported(node, "patternProperties", $"pattern '{pattern}' cannot be evaluated: {e.Message}");
            return false;
        }
    }

    /// <summary>The grammar keys must match (<c>propertyNames</c>, as a string schema), or null when unconstrained.</summary>
    private GrammarExpr? PropertyNameSchema(Conjunction c)
    {
        var schemas = c.With("propertyNames").Select(p => p.Node.Child("propertyNames")).ToList();
        if (schemas.Count == 0) return null;
        return Schema([.. schemas, new SchemaNode(StringTypeSchema, "#(string)", schemas[0].Base)]);
    }

    /// <summary>
    /// The grammar of an undeclared key when no node has <c>patternProperties</c> (<see cref="PatternedMembers"/>), or
    /// null when some node allows no undeclared keys. <paramref name="declares"/>: the object declares or requires a name.
    /// </summary>
    private GrammarExpr? ExtraKey(Conjunction c, IReadOnlyList<string> declared, bool declares, GrammarExpr? nameSchema)
    {
        if (ForbidsUndeclared(c, declares)) return null;
        if (nameSchema is null) return NoneOf(declared);
        if (declared.Count == 0) return nameSchema;
        Unsupported(c.With("propertyNames").First().Node, "propertyNames", "cannot be combined with declared properties for undeclared keys");
        return NoneOf(declared);
    }

    /// <summary>
    /// Whether an object without <c>patternProperties</c> takes no undeclared key: some node says additionalProperties
    /// false, or strict mode closes an object that declares names (<paramref name="declares"/>) when no node speaks of
    /// undeclared keys. An object schema that declares none stays free-form, and one node's additionalProperties speaks
    /// for the object (a {"$ref": X} wrapper does not close what X leaves open).
    /// </summary>
    private bool ForbidsUndeclared(Conjunction c, bool declares) =>
        c.Nodes.Any(node => node.TryGet("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
        || _options.StrictProperties && declares && !c.Nodes.Any(node => node.TryGet("additionalProperties", out _));

    /// <summary>Undeclared-key grammars, shared by objects declaring the same names (one rule each).</summary>
    private GrammarExpr NoneOf(IReadOnlyList<string> names)
    {
        string key = string.Join("\u0000", names.Order(StringComparer.Ordinal));
        if (!_keyExclusions.TryGetValue(key, out var rule))
        {
            string name = "k" + _keyExclusions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _rules[name] = KeyExclusionGrammar.NoneOf(names);
            _keyExclusions[key] = rule = new RuleRefExpr(name);
        }
        return rule;
    }

    private GrammarExpr Member(Property p) =>
        Expr.Seq(Expr.Text(JsonStringGrammar.Quote(p.Name)), _ws, Expr.Text(":"), _ws, p.Value);

    private GrammarExpr Separator(bool started) => started ? _comma : Expr.Empty;

    /// <summary>
    /// Properties in schema order; undeclared ones (if any) anywhere. One rule per (position, started, count, settled).
    /// Undeclared members are read only while settled (at the start or right after a declared member), and optional
    /// properties are skipped only on the way to the next declared member or the end, so each text has one parse: with
    /// undeclared members allowed in every skipped position, n of them could sit in any of the gaps and the live parses
    /// multiplied past the matcher's stack limit.
    /// </summary>
    private GrammarExpr SchemaOrder(string prefix, List<Property> properties, GrammarExpr? extra, int min, int? max)
    {
        int cap = max ?? min;
        var members = properties.ConvertAll(Member);
        var made = new HashSet<(int, bool, int, bool)>();
        GrammarExpr State(int i, bool started, int count, bool settled)
        {
            count = Math.Min(count, cap);
            settled |= extra is null;
            string name = $"{prefix}_{i}_{(started ? 1 : 0)}_{count}{(settled ? "" : "_s")}";
            if (!made.Add((i, started, count, settled))) return new RuleRefExpr(name);
            var alternatives = new List<GrammarExpr>();
            bool room = max is null || count < max;
            if (i == properties.Count && count >= min) alternatives.Add(Expr.Empty);
            if (i < properties.Count)
            {
                if (room) alternatives.Add(Expr.Seq(Separator(started), members[i], State(i + 1, true, count + 1, settled: true)));
                if (!properties[i].Required) alternatives.Add(State(i + 1, started, count, settled: false));
            }
            if (extra is not null && room && settled) alternatives.Add(Expr.Seq(Separator(started), extra, State(i, true, count + 1, settled: true)));
            _rules[name] = Expr.Or(alternatives);
            return new RuleRefExpr(name);
        }
        return State(0, false, 0, settled: true);
    }

    /// <summary>Declared properties in any order, each at most once: one rule per set of properties already written.</summary>
    private GrammarExpr AnyOrder(string prefix, List<Property> properties, int min, int? max)
    {
        int requiredMask = properties.Select((p, i) => p.Required ? 1 << i : 0).Aggregate(0, (a, b) => a | b);
        var members = properties.ConvertAll(Member);
        var made = new HashSet<int>();
        GrammarExpr State(int mask)
        {
            string name = $"{prefix}_m{mask}";
            if (!made.Add(mask)) return new RuleRefExpr(name);
            int count = BitOperations.PopCount((uint)mask);
            var alternatives = new List<GrammarExpr>();
            if ((mask & requiredMask) == requiredMask && count >= min) alternatives.Add(Expr.Empty);
            if (max is null || count < max)
                for (int i = 0; i < properties.Count; i++)
                    if ((mask & (1 << i)) == 0)
                        alternatives.Add(Expr.Seq(Separator(mask != 0), members[i], State(mask | (1 << i))));
            _rules[name] = Expr.Or(alternatives);
            return new RuleRefExpr(name);
        }
        return State(0);
    }
}
