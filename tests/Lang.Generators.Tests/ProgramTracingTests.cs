using LlmLang.Generators.Model;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LlmLang.Generators.Tests;

/// <summary>What the parser traces from program bodies: nodes, scopes, variables, schemas, completeness.</summary>
public sealed class ProgramTracingTests
{
    private const string CityInfo = """
        public sealed record CityInfo(string Name, int Population, string[] Landmarks);
        """;

    [Fact]
    public void Traces_roles_text_arguments_gens_and_selects_in_order()
    {
        ProgramSpec spec = Trace(MarkedSource.Program("""
            s += Role.System("You extract facts.");
            s += Role.User($"Read this and describe the city:\n{document}");
            s += Role.Assistant(Gen<CityInfo>("city"));
            s += Role.User("Is it a capital?");
            s += Role.Assistant(Select("capital", "yes", "no"));
            """, ", string document", CityInfo));

        Assert.True(spec.IsCompleteGraph);
        Assert.Equal(
            new[]
            {
                "RoleBegin System", "Text You extract facts.", "RoleEnd System",
                "RoleBegin User", "Text Read this and describe the city:\n", "Argument document", "RoleEnd User",
                "RoleBegin Assistant", "Gen city", "RoleEnd Assistant",
                "RoleBegin User", "Text Is it a capital?", "RoleEnd User",
                "RoleBegin Assistant", "Select capital", "RoleEnd Assistant",
            },
            spec.Nodes.Select(Describe));
        NodeSpec city = spec.Nodes.Single(n => n.Name == "city");
        Assert.Equal("global::CityInfo", city.TypeName);
        Assert.Equal(spec.Schemas.Single().Schema, city.JsonSchema);
        Assert.Contains("\"landmarks\":{\"type\":\"array\"", city.JsonSchema);
        Assert.Equal(new[] { "yes", "no" }, spec.Nodes.Single(n => n.Name == "capital").Choices);
        Assert.Equal(
            new[] { ("city", "global::CityInfo", true), ("capital", "string", false) },
            spec.Variables.Select(v => (v.Name, v.TypeName, v.IsTyped)));
        Assert.Equal(new[] { "document" }, spec.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Records_constraints_and_sampling_arguments()
    {
        ProgramSpec spec = Trace(MarkedSource.Program("""
            s += Gen("code", maxTokens: 16, regex: "[A-Z]{3}", stop: new[] { "\n", "." });
            s += Gen("json", jsonSchema: "{\"type\":\"object\"}");
            s += Gen("grammar", ebnf: "root ::= \"a\"");
            s += Gen("pick", choices: new[] { "x", "y" });
            s += Select("method", SelectMethod.GreedyToken, "p", "q");
            """));
        NodeSpec code = spec.Nodes[0];
        Assert.Equal((16, "[A-Z]{3}"), (code.MaxTokens, code.Regex));
        Assert.Equal(new[] { "\n", "." }, code.Stop);
        Assert.Equal("{\"type\":\"object\"}", spec.Nodes[1].JsonSchema);
        Assert.Equal("root ::= \"a\"", spec.Nodes[2].Ebnf);
        Assert.Equal(new[] { "x", "y" }, spec.Nodes[3].Choices);
        Assert.Equal("GreedyToken", spec.Nodes[4].SelectMethod);
        Assert.Equal(new[] { "p", "q" }, spec.Nodes[4].Choices);
    }

    [Fact]
    public void Traces_forks_with_their_branch_scope_and_the_join()
    {
        ProgramSpec spec = Trace(MarkedSource.Program("""
            s += "Ideas:";
            var ideas = s.Fork(3);
            for (int i = 0; i < ideas.Length; i++)
            {
                var idea = ideas[i];
                idea += Gen($"idea{i}", stop: new[] { "\n" });
            }
            s.Join(ideas, JoinMode.ConcatenateText);
            s += Gen("best");
            """));

        Assert.True(spec.IsCompleteGraph);
        Assert.Equal(new[] { "Text Ideas:", "Fork ideas", "Gen $\"idea{i}\"", "Join ideas", "Gen best" }, spec.Nodes.Select(Describe));
        Assert.Equal(3, spec.Nodes[1].ForkCount);
        Assert.Equal("ideas", spec.Nodes[2].Branch);
        Assert.True(spec.Nodes[2].NameIsDynamic);
        Assert.Equal("ConcatenateText", spec.Nodes[3].JoinMode);
        Assert.Equal("", spec.Nodes[4].Branch);
        Assert.Equal(new[] { "best" }, spec.Variables.Select(v => v.Name));
    }

    [Fact]
    public void Records_data_dependencies_of_computed_text()
    {
        ProgramSpec spec = Trace(MarkedSource.Program("""
            s += Gen("city");
            s += Gen("country");
            string city = s["city"];
            s += $"Tell me more about {city} and {s.Get<string>("country")}";
            """));
        NodeSpec computed = spec.Nodes.First(n => n.Kind == NodeKind.Expression);
        Assert.Equal(new[] { "city" }, computed.Reads);
        Assert.Equal(new[] { "country" }, spec.Nodes.Where(n => n.Kind == NodeKind.Expression).Last().Reads);
    }

    [Fact]
    public void Stops_at_data_dependent_control_flow_but_still_registers_later_schemas()
    {
        var run = GeneratorHarness.Run(MarkedSource.Program("""
            s += Select("kind", "city", "country");
            if (s["kind"] == "city")
                s += Gen<CityInfo>("city");
            s += Gen("after");
            """, extra: CityInfo));
        ProgramSpec spec = SpecOf(run);

        Assert.False(spec.IsCompleteGraph);
        Assert.Equal(new[] { "Select kind" }, spec.Nodes.Select(Describe));
        Assert.Equal("global::CityInfo", spec.Schemas.Single().TypeName);
        Diagnostic info = Assert.Single(run.WithId("LLM0010"));
        Assert.Contains("an 'if' on generated value 'kind'", info.GetMessage());
    }

    [Fact]
    public void Local_function_calls_end_the_traced_prefix()
    {
        var run = GeneratorHarness.Run(MarkedSource.Program("""
            s += Gen("a");
            Ask();
            s += Gen("b");
            void Ask() => s += Gen("question");
            """));
        ProgramSpec spec = SpecOf(run);
        Assert.False(spec.IsCompleteGraph);
        Assert.Equal(new[] { "Gen a" }, spec.Nodes.Select(Describe));
        Assert.Contains("a call to a local function", Assert.Single(run.WithId("LLM0010")).GetMessage());
    }

    [Fact]
    public void A_top_level_return_ends_the_program()
    {
        ProgramSpec spec = Trace(MarkedSource.Program("""
            s += Gen("a");
            return;
            """));
        Assert.True(spec.IsCompleteGraph);
        Assert.Equal(new[] { "Gen a" }, spec.Nodes.Select(Describe));
    }

    private static string Describe(NodeSpec n) => n.Kind switch
    {
        NodeKind.Text or NodeKind.Argument or NodeKind.Expression => $"{n.Kind} {n.Text}",
        NodeKind.RoleBegin or NodeKind.RoleEnd => $"{n.Kind} {n.Role}",
        _ => $"{n.Kind} {n.Name}",
    };

    private static ProgramSpec Trace(string source)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        return SpecOf(run);
    }

    private static ProgramSpec SpecOf(GeneratorRun run) =>
        (ProgramSpec)run.Result.Results.Single().TrackedSteps[LlmFunctionGenerator.SpecStep].Single().Outputs.Single().Value;
}
