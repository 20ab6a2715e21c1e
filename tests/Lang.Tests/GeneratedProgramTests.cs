namespace LlmLang.Tests;

public sealed record Landmark(string Name, int Built);

/// <summary>Programs compiled by the source generator (referenced as an analyzer), run through their generated entry points.</summary>
public static partial class GeneratedPrograms
{
    [LlmFunction]
    public static void Describe(ProgramState s, string city)
    {
        s += Role.System("You know cities.");
        s += Role.User($"Name a landmark of {city}.");
        s += Role.Assistant(Gen<Landmark>("landmark"));
        s += Role.User("Is it old?");
        s += Role.Assistant(Select("old", "yes", "no"));
    }
}

public class GeneratedProgramTests
{
    private static ScriptedBackend Backend() => new(
        r => r.Prompt.Contains("Paris") ? """{"name":"Louvre","built":1793}""" : """{"name":"Gherkin","built":2004}""",
        (r, choice) => r.Prompt.Contains("1793") == (choice.Trim() == "yes") ? [-0.1f] : [-3f]);

    [Fact]
    public async Task TheGeneratedEntryPointReturnsTypedVariablesAndTheTrace()
    {
        var backend = Backend();
        var result = await GeneratedPrograms.DescribeAsync(backend, "Paris");
        Assert.Equal(new Landmark("Louvre", 1793), result.Landmark);
        Assert.Equal("yes", result.Old);
        Assert.Equal(["gen", "select"], result.Trace.Entries.Select(e => e.Kind));
        Assert.Equal(ConstraintKind.JsonSchema, backend.Generations.Single().Constraint!.Kind);
        Assert.Equal(GeneratedPrograms.DescribeGraph.Nodes.Single(n => n.Kind == GraphNodeKind.Gen).JsonSchema, backend.Generations.Single().Constraint!.Source);
        Assert.Contains("\"integer\"", backend.Generations.Single().Constraint!.Source); // derived by the generator from Landmark.Built
    }

    [Fact]
    public async Task TheGeneratedBatchSharesTheGraphsConstantPrefix()
    {
        var backend = Backend();
        var reports = new List<BatchProgress>();
        var results = await GeneratedPrograms.DescribeBatchAsync(backend, ["Paris", "London"], progress: new Progress(reports));
        Assert.Equal(["Louvre", "Gherkin"], results.Select(r => r.Landmark.Name));
        Assert.Equal(["yes", "no"], results.Select(r => r.Old));
        Assert.Equal(2, reports.Max(r => r.Completed));
        Assert.Equal(["System: You know cities.\nUser: Name a landmark of "], backend.CommittedPrefixes);
        Assert.All(results, r => Assert.Equal(9, r.Trace.Entries[0].Usage.CachedPromptTokens)); // the prefix's 9 words
    }

    [Fact]
    public async Task TheGeneratedStreamAndGraphDescribeTheSameProgram()
    {
        var text = new List<string>();
        await foreach (var d in GeneratedPrograms.DescribeStreamAsync(Backend(), "Paris")) text.Add(d.Text);
        Assert.StartsWith("System: You know cities.\n", string.Concat(text));
        Assert.EndsWith("Assistant: yes\n", string.Concat(text));
        string mermaid = GeneratedPrograms.DescribeGraph.ToMermaid();
        Assert.Contains("gen landmark : Landmark", mermaid);
        Assert.Contains("select old [yes | no]", mermaid);
    }

    private sealed class Progress(List<BatchProgress> reports) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
