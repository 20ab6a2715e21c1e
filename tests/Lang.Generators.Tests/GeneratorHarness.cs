using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLang.Generators.Tests;

/// <summary>Compiles test sources against LlmLang and runs <see cref="LlmFunctionGenerator"/> over them with CSharpGeneratorDriver.</summary>
internal static class GeneratorHarness
{
    public const string Usings = "using LlmLang;\nusing static LlmLang.Primitives;\n";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp14);

    private static readonly string LlmLangPath = Path.Combine(AppContext.BaseDirectory, "LlmLang.dll");

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(LlmLangPath);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Programs",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Program{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Runs the generator once over <paramref name="sources"/> (each gets the LlmLang usings prepended).</summary>
    public static GeneratorRun Run(params string[] sources)
    {
        CSharpCompilation input = Compilation(sources.Select(s => Usings + s).ToArray());
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out _);
        return new GeneratorRun(driver.GetRunResult(), output);
    }

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new LlmFunctionGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
}

/// <summary>One generator run: what it produced and the compilation with the generated sources added.</summary>
internal sealed record GeneratorRun(GeneratorDriverRunResult Result, Compilation Output)
{
    /// <summary>Diagnostics the generator reported.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>Generated source text by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Errors of the compilation including the generated code.</summary>
    public IReadOnlyList<Diagnostic> CompileErrors =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    public IReadOnlyList<Diagnostic> WithId(string id) => GeneratorDiagnostics.Where(d => d.Id == id).ToList();
}
