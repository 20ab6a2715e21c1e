using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>The pipeline caches: same input → cached, unrelated edit → unchanged output, and no compiler objects in the model.</summary>
public sealed class IncrementalTests
{
    private static readonly string Program = GeneratorHarness.Usings + MarkedSource.Program(
        """
        s += Role.User($"Tell me about {topic}");
        s += Role.Assistant(Gen("answer", maxTokens: 64, regex: "[a-z ]+"));
        s += Select("verdict", "good", "bad");
        """, ", string topic");

    private static readonly string[] Steps =
        { LlmFunctionGenerator.ParseStep, LlmFunctionGenerator.SpecStep };

    [Fact]
    public void Same_input_is_served_from_cache()
    {
        var compilation = GeneratorHarness.Compilation(Program, "class Other { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        driver = driver.RunGenerators(compilation);

        var result = driver.GetRunResult().Results.Single();
        foreach (string step in Steps)
            Assert.All(result.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Unrelated_edit_leaves_the_output_unchanged()
    {
        var compilation = GeneratorHarness.Compilation(Program, "class Other { }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // Edit the program's own file outside the program (the parse step reruns, its output is equal)
        // and another file (the parse step is not rerun at all).
        SyntaxTree programTree = compilation.SyntaxTrees.First();
        var edited = compilation
            .ReplaceSyntaxTree(programTree, programTree.WithChangedText(programTree.GetText().Replace(programTree.Length, 0, "\n// a comment\nclass Unrelated { int x; }\n")))
            .ReplaceSyntaxTree(compilation.SyntaxTrees.First(t => t.FilePath == "Program1.cs"), CSharpSyntaxTree.ParseText("class Other { int y; }", (CSharpParseOptions)programTree.Options));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        var reasons = result.TrackedSteps[LlmFunctionGenerator.SpecStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, r.ToString()));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, o.Reason.ToString()));
    }

    [Fact]
    public void Editing_the_program_regenerates_it()
    {
        var compilation = GeneratorHarness.Compilation(Program);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.First();
        string changed = tree.GetText().ToString().Replace("maxTokens: 64", "maxTokens: 65");
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(changed))));

        var reasons = driver.GetRunResult().Results.Single().TrackedSteps[LlmFunctionGenerator.SpecStep].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
    }

    [Fact]
    public void Step_outputs_hold_no_compiler_objects()
    {
        var compilation = GeneratorHarness.Compilation(Program + MarkedSource.Program(
            """
            var b = s.Fork(2);
            for (int i = 0; i < b.Length; i++) { var f = b[i]; f += Gen("idea", stop: new[] { "\n" }); }
            s.Join(b);
            s += Gen<int>("score");
            if (s["score"] == "1") s += "!";
            s += Gen("dup"); s += Gen("dup");
            """).Replace("class Programs", "class MorePrograms"));
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        int visited = 0;
        foreach (var step in result.TrackedSteps.Where(s => s.Key.StartsWith("LlmFunction", StringComparison.Ordinal)).SelectMany(s => s.Value))
        foreach (var (value, _) in step.Outputs)
            visited += AssertNoCompilerObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), "output");
        Assert.True(visited > 20, $"walked only {visited} objects");
    }

    private static int AssertNoCompilerObjects(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return 0;
        Assert.False(value is ISymbol or Compilation or SyntaxNode or SyntaxTree or SemanticModel or IOperation,
            $"{path} holds a {value.GetType().Name}");
        Assert.False(value is Location { IsInSource: true }, $"{path} holds a source Location (which keeps its syntax tree alive)");
        if (!value.GetType().IsValueType && !seen.Add(value)) return 0;
        int count = 1;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items) count += AssertNoCompilerObjects(item, seen, $"{path}[{i++}]");
        }
        for (Type? t = value.GetType(); t is not null && t != typeof(object); t = t.BaseType)
        foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            count += AssertNoCompilerObjects(field.GetValue(value), seen, $"{path}.{field.Name}");
        return count;
    }
}
