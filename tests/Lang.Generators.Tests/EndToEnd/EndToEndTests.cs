using LlmLang.Testing;
using Xunit;

namespace LlmLang.Generators.Tests.EndToEnd;

/// <summary>Generated entry points, typed results, graphs and schemas, run end to end on LlmLang's scripted backend.</summary>
public sealed class EndToEndTests
{
    private const string CityJson = """{"name":"Paris","population":2100000,"landmarks":["Louvre","Eiffel Tower"]}""";

    private static ScriptedBackend CityBackend() => new(
        request => request.Constraint?.Kind == ConstraintKind.JsonSchema ? CityJson : "?",
        (_, choice) => choice == "yes" ? new[] { -0.1f } : new[] { -2f });

    [Fact]
    public async Task Extract_runs_with_typed_result_and_the_compile_time_schema()
    {
        var backend = CityBackend();
        Programs.ExtractResult result = await Programs.ExtractAsync(backend, "Paris is the capital of France.");

        Assert.Equal(new CityInfo("Paris", 2100000, new[] { "Louvre", "Eiffel Tower" }).Name, result.City.Name);
        Assert.Equal(2100000, result.City.Population);
        Assert.Equal(new[] { "Louvre", "Eiffel Tower" }, result.City.Landmarks);
        Assert.Equal("yes", result.Capital);
        Assert.Contains("Is Paris a capital?", result.Text);

        // The backend was asked for exactly the schema derived at compile time.
        string schema = Assert.Single(backend.Generations).Constraint!.Source!;
        Assert.Equal(Programs.ExtractGraph.Nodes.Single(n => n.Variable == "city").JsonSchema, schema);
        Assert.Equal(
            """{"type":"object","description":"Facts about a city","properties":{"name":{"type":"string"},"population":{"type":"integer"},"landmarks":{"type":"array","items":{"type":"string"}}},"required":["name","population","landmarks"],"additionalProperties":false}""",
            schema);
        Assert.True(JsonSchemaRegistry.TryGet(typeof(CityInfo), out string? registered));
        Assert.Equal(schema, registered);
    }

    [Fact]
    public void Extract_graph_has_roles_gens_selects_and_data_edges()
    {
        ExecutionGraph graph = Programs.ExtractGraph;
        Assert.True(graph.IsComplete);
        Assert.Equal("Extract", graph.Program);
        Assert.Equal(
            new[] { GraphNodeKind.RoleBegin, GraphNodeKind.Text, GraphNodeKind.RoleEnd, GraphNodeKind.RoleBegin, GraphNodeKind.Text, GraphNodeKind.Argument,
                GraphNodeKind.RoleEnd, GraphNodeKind.RoleBegin, GraphNodeKind.Gen, GraphNodeKind.RoleEnd, GraphNodeKind.RoleBegin, GraphNodeKind.Text,
                GraphNodeKind.Expression, GraphNodeKind.Text, GraphNodeKind.RoleEnd, GraphNodeKind.RoleBegin, GraphNodeKind.Select, GraphNodeKind.RoleEnd },
            graph.Nodes.Select(n => n.Kind));
        int city = graph.Nodes.ToList().FindIndex(n => n.Variable == "city");
        Assert.Equal(typeof(CityInfo), graph.Nodes[city].ValueType);
        int reader = graph.Nodes.ToList().FindIndex(n => n.Kind == GraphNodeKind.Expression);
        Assert.Equal(new[] { city }, graph.Nodes[reader].DependsOn);
        Assert.Equal(new[] { "yes", "no" }, graph.Nodes.Single(n => n.Kind == GraphNodeKind.Select).Choices);
        Assert.Contains($"n{city} -.-> n{reader}", graph.ToMermaid());
        Assert.Contains($"n{city} -> n{reader} [style=dashed]", graph.ToDot());
    }

    [Fact]
    public async Task Batch_shares_the_constant_prefix_and_keeps_input_order()
    {
        var backend = CityBackend();
        var progress = new List<BatchProgress>();
        var results = await Programs.ExtractBatchAsync(backend, new[] { "doc one", "doc two", "doc three" },
            new BatchOptions { MaxDegreeOfParallelism = 2 }, new SynchronousProgress(progress));

        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal("Paris", r.City.Name));
        Assert.Equal(new[] { "doc one", "doc two", "doc three" }, results.Select(r => r.Text.Contains("doc one") ? "doc one" : r.Text.Contains("doc two") ? "doc two" : "doc three"));
        Assert.Equal(3, progress.Count);
        // The prefix the generated graph exposes (system turn, opening of the user turn) is committed once.
        string prefix = Assert.Single(backend.CommittedPrefixes);
        Assert.Equal(Programs.ExtractGraph.ConstantPrefix(backend.ChatFormat), prefix);
        Assert.Contains("You extract facts.", prefix);
    }

    [Fact]
    public async Task Stream_yields_the_program_text()
    {
        var backend = CityBackend();
        var text = new System.Text.StringBuilder();
        await foreach (TextDelta delta in Programs.ExtractStreamAsync(backend, "doc")) text.Append(delta.Text);
        var again = await Programs.ExtractAsync(CityBackend(), "doc");
        Assert.Equal(again.Text, text.ToString());
    }

    [Fact]
    public async Task Forks_joins_and_typed_literals_run_with_tuple_arguments_in_batches()
    {
        var backend = new ScriptedBackend(request => request.Constraint switch
        {
            { Kind: ConstraintKind.Regex } => "7",
            { Kind: ConstraintKind.JsonSchema } => "\"Stormy\"",
            _ => request.Prompt.EndsWith("Idea 1: ", StringComparison.Ordinal) ? "rain\nmore" : "wind",
        });
        var results = await Programs.IdeasBatchAsync(backend, new[] { ("weather", 2), ("sea", 3) });

        Programs.IdeasResult first = results[0];
        Assert.Equal(7, first.Score);
        Assert.Equal(Mood.Stormy, first.Mood);
        Assert.Equal("wind", first.Best);
        Assert.Equal("rain", first.Get<string>("idea0"));
        Assert.Equal(new[] { 7, 7 }, first.Rating);
        Assert.Contains("Ideas about sea", results[1].Text);

        ExecutionGraph graph = Programs.IdeasGraph;
        Assert.Equal(
            new[]
            {
                "Text Ideas about ", "Argument topic", "Text :\n", "Fork branches",
                "Text branches:Idea ", "Expression branches:i + 1", "Text branches:: ", "Gen branches:$\"idea{i}\"",
                "Join branches", "Fork critics", "Gen critics:rating", "Join critics", "Text Best: ", "Gen best", "Gen score", "Gen mood",
            },
            graph.Nodes.Select(n => $"{n.Kind} {(n.Branch.Length > 0 ? n.Branch + ":" : "")}{n.Label}"));
        Assert.All(graph.Nodes.Where(n => n.Kind == GraphNodeKind.Fork), n => Assert.Equal(2, n.ForkCount));
        Assert.True(graph.Nodes.Single(n => n.Kind == GraphNodeKind.Gen && n.Branch == "branches").IsVariableNameComputed);
        Assert.All(graph.Nodes.Where(n => n.Kind == GraphNodeKind.Join), n => Assert.Equal(JoinMode.GatherVariables, n.JoinMode));
    }

    [Fact]
    public async Task Data_dependent_control_flow_runs_interpreted_beyond_the_graph()
    {
        var backend = new ScriptedBackend(_ => "a long story", (_, choice) => choice == "long" ? new[] { -0.1f } : new[] { -3f });
        Programs.BranchyResult result = await Programs.BranchyAsync(backend);

        Assert.False(Programs.BranchyGraph.IsComplete);
        Assert.Equal(GraphNodeKind.Select, Assert.Single(Programs.BranchyGraph.Nodes).Kind);
        Assert.Equal("long", result.Kind);
        Assert.Equal("a long story", result.Get<string>("story"));
    }

    private sealed class SynchronousProgress(List<BatchProgress> into) : IProgress<BatchProgress>
    {
        public void Report(BatchProgress value)
        {
            lock (into) into.Add(value);
        }
    }
}
