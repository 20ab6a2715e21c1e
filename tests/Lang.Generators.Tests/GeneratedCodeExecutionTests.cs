using System.Collections;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>Generated code compiles to an assembly that loads and runs: the graph's static initializer and the schema module initializer execute.</summary>
public sealed class GeneratedCodeExecutionTests
{
    private const string Source = """
        namespace Demo;
        public sealed record CityInfo(string Name, int Population);
        public static partial class Programs
        {
            [LlmFunction]
            public static void Extract(ProgramState s, string document)
            {
                s += Role.User($"Read: {document}");
                s += Role.Assistant(Gen<CityInfo>("city"));
                s += $"So {s["city"]} it is.";
                s += Select("capital", "yes", "no");
            }
        }
        """;

    [Fact]
    public void Generated_graph_is_built_at_run_time_with_its_dependency_edges()
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        Assert.Empty(run.CompileErrors);

        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var context = new AssemblyLoadContext("generated", isCollectible: true);
        try
        {
            image.Position = 0;
            Assembly assembly = context.LoadFromStream(image);
            Type programs = assembly.GetType("Demo.Programs")!;
            object graph = programs.GetProperty("ExtractGraph")!.GetValue(null)!;

            var nodes = ((IEnumerable)graph.GetType().GetProperty("Nodes")!.GetValue(graph)!).Cast<object>().ToList();
            string Label(object node) => (string)node.GetType().GetProperty("Label")!.GetValue(node)!;
            int city = nodes.FindIndex(n => Label(n) == "city");
            object reader = nodes.Single(n => Label(n).Contains("s[\"city\"]", StringComparison.Ordinal));
            Assert.Equal(new[] { city }, (IEnumerable<int>)reader.GetType().GetProperty("DependsOn")!.GetValue(reader)!);
        }
        finally
        {
            context.Unload();
        }
    }
}
