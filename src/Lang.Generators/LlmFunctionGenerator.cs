using LlmLang.Generators.Emitting;
using LlmLang.Generators.Model;
using LlmLang.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace LlmLang.Generators;

/// <summary>
/// Compiles [LlmFunction] methods: for each one, the execution graph, the typed result record,
/// the Async/BatchAsync/StreamAsync entry points and the JSON schemas of its Gen&lt;T&gt; types;
/// plus compile-time diagnostics LLM0001 onwards. Parsing yields equatable values only, so an edit
/// that does not change a program leaves its output cached; diagnostics flow in their own output.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LlmFunctionGenerator : IIncrementalGenerator
{
    /// <summary>The attribute that marks a program.</summary>
    public const string AttributeName = "LlmLang.LlmFunctionAttribute";

    /// <summary>Step names, for incremental-caching tests.</summary>
    public const string ParseStep = "LlmFunctionParse", SpecStep = "LlmFunctionSpec", DiagnosticsStep = "LlmFunctionDiagnostics";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                static (ctx, ct) => ProgramParser.Parse(ctx, ct))
            .WithTrackingName(ParseStep);

        IncrementalValuesProvider<ProgramSpec> specs = parsed
            .Where(static r => r.Spec is not null)
            .Select(static (r, _) => r.Spec!)
            .WithTrackingName(SpecStep);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = parsed
            .Select(static (r, _) => r.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(DiagnosticsStep);

        context.RegisterSourceOutput(specs, static (spc, spec) => spc.AddSource(ProgramEmitter.HintName(spec), ProgramEmitter.Emit(spec)));
        context.RegisterSourceOutput(diagnostics, static (spc, found) =>
        {
            foreach (DiagnosticInfo diagnostic in found) spc.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }
}
