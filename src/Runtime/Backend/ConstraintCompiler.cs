using System.Collections.Concurrent;
using LlmLang.Grammar.Choices;
using LlmLang.Grammar.Compilation;
using LlmLang.Grammar.Gbnf;
using LlmLang.Grammar.RegularExpressions;
using LlmLang.Grammar.Vocabulary;
using LlmLang.Grammar.Ir;
using LlmLang.Grammar.JsonSchema;
using LlmLang.Runtime.Sampling;
using LlmLang.Runtime.Tokenization;

namespace LlmLang.Runtime.Backend;

/// <summary>
/// Compiles the language's constraints (regex, JSON Schema, GBNF, choices) against a tokenizer's vocabulary, once per
/// distinct constraint (compiled grammars are immutable and shared by every request that uses them), and hands out a
/// fresh matcher per request. Compilation runs on the caller's thread, never on the model thread.
/// </summary>
internal sealed class ConstraintCompiler(ITokenizer tokenizer)
{
    private readonly Lazy<TokenVocabulary> _vocabulary = new(() => GrammarVocabulary.Of(tokenizer));
    private readonly ConcurrentDictionary<(ConstraintKind, string), Lazy<CompiledGrammar>> _compiled = new();

    /// <summary>A new constraint instance for one request.</summary>
    /// <exception cref="GrammarException">The regex or grammar is invalid, accepts nothing, or exceeds the compile limits.</exception>
    /// <exception cref="JsonSchemaException">The schema is invalid or uses a keyword that cannot be enforced.</exception>
    public ITokenConstraint Create(Constraint constraint)
    {
        string key = constraint.Kind == ConstraintKind.Choices ? string.Join("\u0000", constraint.Choices ?? []) : constraint.Source ?? "";
        var compiled = _compiled.GetOrAdd((constraint.Kind, key), _ => new Lazy<CompiledGrammar>(() => Compile(constraint))).Value;
        return new GrammarConstraint(compiled);
    }

    private CompiledGrammar Compile(Constraint constraint)
    {
        GrammarDefinition definition = constraint.Kind switch
        {
            ConstraintKind.Regex => GrammarDefinition.FromExpr(RegexGrammar.Parse(Required(constraint))),
            ConstraintKind.JsonSchema => JsonSchemaCompiler.Compile(Required(constraint)).Grammar,
            ConstraintKind.Ebnf => GbnfGrammar.Parse(Required(constraint)),
            ConstraintKind.Choices => GrammarDefinition.FromExpr(ChoiceGrammar.Build(constraint.Choices
                ?? throw new ArgumentException("a choices constraint needs its choices"))),
            _ => throw new NotSupportedException($"constraint kind {constraint.Kind} is not supported"),
        };
        return GrammarCompiler.Compile(definition, _vocabulary.Value);
    }

    private static string Required(Constraint constraint) =>
        constraint.Source ?? throw new ArgumentException($"a {constraint.Kind} constraint needs its source text");
}
