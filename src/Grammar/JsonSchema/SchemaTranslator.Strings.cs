using System.Text.Json;
using LlmLang.Grammar.Ir;

namespace LlmLang.Grammar.JsonSchema;

/// <summary>
/// Strings: length limits in code points, known <c>format</c>s, <c>pattern</c>s; combinations of these are intersected
/// as <see cref="StringLanguage"/>s.
/// </summary>
internal sealed partial class SchemaTranslator
{
    private readonly Dictionary<string, StringLanguage> _patternLanguages = new(StringComparer.Ordinal);

    private GrammarExpr Strings(Conjunction c)
    {
        var (min, max) = LengthLimits(c);
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
        foreach (var (node, value) in patterns)
            if (value.ValueKind != JsonValueKind.String) throw new JsonSchemaException(node.Pointer, "pattern", "must be a string");
        bool lengthLimited = min > 0 || max is not null;

        // Each keyword alone has a direct grammar; only combinations go through the string-language algebra.
        if (patterns.Count == 0 && formats.Count == 0) return JsonStringGrammar.OfLength(min, max);
        if (patterns.Count == 1 && formats.Count == 0 && !lengthLimited && PatternLookaround.Of(patterns[0].Value.GetString()!) is null)
        {
            var (node, value) = patterns[0];
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
        var lengthsHold = formats.All(f => f.Grammar.Min >= min && f.Grammar.Max <= (max ?? int.MaxValue));
        if (patterns.Count == 0 && lengthsHold && formats.All(f => f.Name == formats[0].Name))
            return JsonStringGrammar.Quoted(formats[0].Grammar.Content);

        var (blame, keyword) = patterns.Count > 0 ? (patterns[0].Node, "pattern") : (formats[0].Node, "format");
        try
        {
            var languages = patterns.Select(p => PatternLanguage(p.Value.GetString()!))
                .Concat(formats.DistinctBy(f => f.Name).Select(f => StringLanguage.Of(f.Grammar.Content)));
            var language = languages.Aggregate((a, b) => a.Intersect(b));
            // A format's own length range may already imply the limits; counting them again would only add states.
            if (lengthLimited && !(formats.Count > 0 && lengthsHold)) return LengthLimited(language, min, max);
            return language.IsEmpty ? Expr.Nothing : JsonStringGrammar.Quoted(language.ToExpr());
        }
        catch (Exception e) when (e is Compilation.GrammarException or NotSupportedException)
        {
            Unsupported(blame, keyword, $"cannot be combined exactly with the other pattern, format and length keywords: {e.Message}");
            return JsonStringGrammar.OfLength(min, max);
        }
    }

    // A maximum further than this above the minimum is counted by the parser frame: about the longest token of the
    // usual vocabularies, so that only the last characters before the limit have masks that check long tokens
    // against the count. In states, each count is a copy of the language with an entry per copy (a 146-character
    // pattern of 8 states was 866 states and 150 ms of compilation).
    private const int CountedLengthMargin = 128;

    // The language's strings of min..max characters: counted in automaton states, or, for a long range or when that is
    // too large, up to max counted by the parser frame (the minimum stays in states).
    private static GrammarExpr LengthLimited(StringLanguage language, int min, int? max)
    {
        StringLanguage limited;
        try
        {
            if (max is int limit && limit - min > CountedLengthMargin) return Counted(language, min, limit);
            limited = language.WithLength(min, max);
        }
        catch (Compilation.GrammarException) when (max is not null)
        {
            return Counted(language, min, max.Value);
        }
        return limited.IsEmpty ? Expr.Nothing : JsonStringGrammar.Quoted(limited.ToExpr());
    }

    private static GrammarExpr Counted(StringLanguage language, int min, int max)
    {
        var atLeast = min > 0 ? language.WithLength(min, null) : language;
        return atLeast.IsEmpty ? Expr.Nothing : JsonStringGrammar.Quoted(atLeast.CountedTo(max));
    }

    /// <summary>
    /// The content language of a <c>pattern</c> (with the lookaround <see cref="PatternLookaround"/> rewrites), shared
    /// by every use of the same pattern text.
    /// </summary>
    /// <exception cref="Compilation.GrammarException">The regex is invalid, unsupported or too large.</exception>
    /// <exception cref="NotSupportedException">The regex expression holds raw bytes or rule references.</exception>
    private StringLanguage PatternLanguage(string pattern)
    {
        if (_patternLanguages.TryGetValue(pattern, out var language)) return language;
        if (PatternLookaround.Of(pattern) is { } split)
        {
            language = PatternLanguage(split.Main);
            foreach (var (condition, negated) in split.Conditions)
                language = negated ? language.Minus(PatternLanguage(condition)) : language.Intersect(PatternLanguage(condition));
        }
        else language = StringLanguage.OfAlternatives(PatternGrammar.Content(pattern));
        return _patternLanguages[pattern] = language;
    }

    /// <summary>The tightest <c>minLength</c> and <c>maxLength</c> of the nodes (0 and null when none).</summary>
    private static (int Min, int? Max) LengthLimits(Conjunction c) => Limits(c, "minLength", "maxLength");

    /// <summary>The tightest lower and upper count limits the nodes set with the two keywords (0 and null when none).</summary>
    private static (int Min, int? Max) Limits(Conjunction c, string minKeyword, string maxKeyword)
    {
        int min = 0;
        int? max = null;
        foreach (var node in c.Nodes)
        {
            if (LengthOf(node, minKeyword) is { } lo) min = Math.Max(min, lo);
            if (LengthOf(node, maxKeyword) is { } hi) max = Math.Min(max ?? int.MaxValue, hi);
        }
        return (min, max);
    }

    private static int? LengthOf(SchemaNode node, string keyword)
    {
        if (!node.TryGet(keyword, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double d) || d < 0 || d != Math.Floor(d))
            throw new JsonSchemaException(node.Pointer, keyword, "must be a non-negative integer");
        return d > int.MaxValue ? int.MaxValue : (int)d;
    }
}
