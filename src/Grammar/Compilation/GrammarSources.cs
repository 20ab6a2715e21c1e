using System.Collections.Concurrent;
using LlmLang.Grammar.Choices;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Grammar.RegularExpressions;
using LlmLang.Grammar.Vocabulary;

namespace LlmLang.Grammar.Compilation;

/// <summary>
/// One-call compilation from source text (regex, GBNF, choices, JSON Schema) to a <see cref="CompiledGrammar"/>,
/// cached by (kind, source, options, vocabulary fingerprint, limits), so requests with the same constraint share one
/// compiled grammar. Front-end errors are thrown as by the front ends (<see cref="GrammarException"/>,
/// <see cref="JsonSchemaException"/>). Thread-safe.
/// </summary>
public static class GrammarSources
{
    private const int CacheCapacity = 512;
    private static readonly ConcurrentDictionary<(string Kind, string Source, object? Options, long Vocabulary, CompileLimits Limits), Lazy<CompiledGrammar>> Cache = new();

    /// <summary>A regular expression (full match unless <paramref name="options"/> says search).</summary>
    public static CompiledGrammar Regex(string pattern, TokenVocabulary vocabulary, RegexOptions? options = null, CompileLimits? limits = null) =>
        Get("regex", pattern, options ?? RegexOptions.Default, vocabulary, limits, () => GrammarDefinition.FromExpr(RegexGrammar.Parse(pattern, options)));

    /// <summary>A GBNF grammar (llama.cpp dialect, start rule <c>root</c>).</summary>
    public static CompiledGrammar Gbnf(string text, TokenVocabulary vocabulary, CompileLimits? limits = null) =>
        Get("gbnf", text, null, vocabulary, limits, () => GbnfGrammar.Parse(text));

    /// <summary>Exactly one of <paramref name="choices"/>.</summary>
    public static CompiledGrammar Choices(IReadOnlyList<string> choices, TokenVocabulary vocabulary, CompileLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(choices);
        // Length-prefixed, so different lists never share a key.
        string key = string.Concat(choices.Select(c => c is null ? "\0null" : $"{c.Length}:{c}"));
        return Get("choices", key, null, vocabulary, limits, () => GrammarDefinition.FromExpr(ChoiceGrammar.Build(choices)));
    }

    /// <summary>The compact JSON texts a JSON Schema allows (lenient-mode warnings are available from <see cref="JsonSchemaCompiler"/>).</summary>
    public static CompiledGrammar JsonSchema(string schemaJson, TokenVocabulary vocabulary, JsonSchemaOptions? options = null, CompileLimits? limits = null) =>
        Get("json-schema", schemaJson, options ?? JsonSchemaOptions.Default, vocabulary, limits, () => JsonSchemaCompiler.Compile(schemaJson, options).Grammar);

    private static CompiledGrammar Get(string kind, string source, object? options, TokenVocabulary vocabulary, CompileLimits? limits, Func<GrammarDefinition> parse)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(vocabulary);
        limits ??= CompileLimits.Default;
        if (Cache.Count >= CacheCapacity) Cache.Clear();
        var key = (kind, source, options, vocabulary.Fingerprint, limits);
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<CompiledGrammar>(() => GrammarCompiler.Compile(parse(), vocabulary, limits)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Cache.TryRemove(key, out _);
            throw;
        }
    }
}
